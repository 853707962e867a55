local speech = require("domain.speech")
local PROMPT_TEXT = require("domain.prompt_text").PROMPT_TEXT
local fixtures = require("support.fixtures")

local vectors = fixtures.load("speech_vectors")
local unpack = table.unpack or unpack -- luacheck: ignore 113 (Lua 5.1 name)

-- The spoken form of a list of ids: their texts joined by spaces (fails on an unknown id).
local function says(ids, lang)
  local words = {}
  for i, id in ipairs(ids) do
    local text = PROMPT_TEXT[lang][id]
    assert(text, "no prompt text for id " .. tostring(id))
    words[i] = text
  end
  return table.concat(words, " ")
end

local function label(v, value)
  return v.lang .. " " .. tostring(value) .. (v.gender and (" " .. v.gender) or "")
end

describe("domain.speech", function()
  it("says every number vector", function()
    for _, v in ipairs(vectors.number) do
      assert.are.equal(v.says, says(speech.sayNumber(v.n, v.lang, v.gender), v.lang), label(v, v.n))
    end
  end)

  it("says every money vector, truncating toward zero", function()
    for _, v in ipairs(vectors.money) do
      local got = says(speech.sayMoney(v.micros, v.currency, v.lang), v.lang)
      assert.are.equal(v.says, got, label(v, v.micros) .. " " .. v.currency)
    end
  end)

  it("says every price-a-minute vector, rounding up: never a price lower than charged", function()
    for _, v in ipairs(vectors.rate_per_minute) do
      local got = says(speech.sayRatePerMinute(v.micros, v.currency, v.lang), v.lang)
      assert.are.equal(v.says, got, label(v, v.micros) .. " " .. v.currency)
    end
  end)

  it("says every count of days (masculine in Spanish)", function()
    for _, v in ipairs(vectors.days) do
      assert.are.equal(v.says, says(speech.sayDays(v.n, v.lang), v.lang), label(v, v.n))
    end
  end)

  it("says every duration vector, rounding minutes down", function()
    for _, v in ipairs(vectors.duration) do
      assert.are.equal(v.says, says(speech.sayDuration(v.seconds, v.lang), v.lang), label(v, v.seconds))
    end
  end)

  it("raises a clear error on every caller bug", function()
    for _, v in ipairs(vectors.errors) do
      local ok, err = pcall(speech[v.fn], unpack(v.args))
      assert.is_false(ok, v.error)
      assert.are.equal(v.error, type(err) == "table" and err.message or err)
    end
  end)

  it("knows which currencies it can speak", function()
    assert.is_true(speech.canSayCurrency("GBP"))
    assert.is_false(speech.canSayCurrency("CAD"))
  end)
end)
