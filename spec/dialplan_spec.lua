-- The dialplan/ samples are what an admin copies into FreeSWITCH: they must be well-formed XML
-- (no "--" inside comments, which FreeSWITCH's parser refuses) and wire the right scripts.
local lxp = require("lxp")

local function parse(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  local found = {}
  local parser = lxp.new({
    StartElement = function(_, name, attrs)
      found[#found + 1] = { name = name, attrs = attrs }
    end,
  })
  local ok, err, line = parser:parse(text)
  if ok then ok, err, line = parser:parse() end
  parser:close()
  assert(ok, path .. ":" .. tostring(line) .. ": " .. tostring(err))
  return found
end

local function actions(found)
  local out = {}
  for _, e in ipairs(found) do
    if e.name == "action" then out[#out + 1] = e.attrs.application .. " " .. e.attrs.data end
  end
  return out
end

describe("dialplan samples", function()
  for _, name in ipairs({ "ccard.xml", "public_ccard.xml", "vars.xml", "lua.conf.xml", "distributor.conf.xml", "acl_ccard.xml",
    "sip_profiles/external/ccard_carrier.xml" }) do
    it(name .. " is well-formed XML", function()
      parse("dialplan/" .. name)
    end)
  end

  it("runs callingcard.lua in context ccard and retail.lua in context retail", function()
    local a = actions(parse("dialplan/ccard.xml"))
    assert.are.same({ "lua callingcard.lua", "set ccard_product=retail", "lua retail.lua" }, a)
  end)

  it("sets the globals the scripts, settle.lua and answered.lua read: ccard_dsn and ccard_spool_dir", function()
    local found = parse("dialplan/vars.xml")
    assert.are.equal("ccard_dsn=sqlite:///var/lib/ccard/ccard.db", found[2].attrs.data)
    assert.are.equal("ccard_spool_dir=/var/lib/ccard/spool", found[3].attrs.data)
  end)

  it("ships the ACL list the retail context trusts, denying everything else", function()
    local found = parse("dialplan/acl_ccard.xml")
    assert.are.same({ "network-lists", "list", "node" }, { found[1].name, found[2].name, found[3].name })
    assert.are.same({ "ccard_retail", "deny" }, { found[2].attrs.name, found[2].attrs.default })
    local public = table.concat(actions(parse("dialplan/public_ccard.xml")), "\n")
    assert.truthy(public:find("XML retail", 1, true))
  end)

  it("ships a carrier gateway sample that dials without registering", function()
    local params = {}
    for _, e in ipairs(parse("dialplan/sip_profiles/external/ccard_carrier.xml")) do
      if e.name == "param" then params[e.attrs.name] = e.attrs.value end
    end
    assert.are.same({ "false", "true" }, { params.register, params["caller-id-in-from"] })
    assert.truthy(params.proxy)
  end)
end)
