local numbers = require("domain.numbers")
local fixtures = require("support.fixtures")

local vectors = fixtures.load("numbers_vectors")

describe("domain.numbers", function()
  it("normalises every vector or fails with its code", function()
    for _, v in ipairs(vectors.normalise) do
      local r = numbers.normaliseNumber(v.raw, vectors.rules[v.rules])
      if v.code then
        assert.are.same({ ok = false, code = v.code }, r, v.raw)
      else
        assert.are.same({ ok = true, value = v.e164 }, r, v.raw)
      end
    end
  end)

  it("gives a rate lookup every prefix of the number, longest first", function()
    local sql = require("domain.rate_sql")
    for _, v in ipairs(vectors.lookup_candidates) do
      local list = assert(sql.rateLookupSql(1, v.e164, 0):match("IN %(([^)]*)%)"))
      local got = {}
      for c in list:gmatch("'(%d+)'") do got[#got + 1] = c end
      assert.are.same(v.candidates, got)
    end
  end)
end)
