local money = require("domain.money")
local fixtures = require("support.fixtures")

local vectors = fixtures.load("money_vectors")

describe("domain.money", function()
  it("parses every vector exactly or with its failure code", function()
    for _, v in ipairs(vectors.parse) do
      local r = money.parseMoney(v.text, { allowNegative = v.allowNegative == true })
      if v.code then
        assert.are.same({ ok = false, code = v.code }, r, v.text)
      else
        assert.are.same({ ok = true, value = v.micros }, r, v.text)
      end
    end
  end)

  it("formats and splits every vector, truncating toward zero", function()
    for _, v in ipairs(vectors.format) do
      assert.are.equal(v.text, money.formatMoney(v.micros, v.decimals))
      local p = money.splitMoney(v.micros, v.decimals)
      assert.are.equal(v.units, p.units)
      assert.are.equal(v.minor, p.minor)
    end
  end)

  it("knows the minor units of currencies", function()
    for _, v in ipairs(vectors.currencyDecimals) do
      assert.are.equal(v.decimals, money.currencyDecimals(v.currency))
    end
  end)
end)
