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

  it("lists prefixes longest first", function()
    for _, v in ipairs(vectors.prefixes) do
      assert.are.same(v.prefixes, numbers.numberPrefixes(v.e164, v.maxLength))
    end
  end)
end)
