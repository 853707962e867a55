local prompts = require("domain.prompts")
local PROMPT_TEXT = require("domain.prompt_text").PROMPT_TEXT

describe("domain.prompts", function()
  it("has a text for every id in every language", function()
    for _, lang in ipairs(prompts.LANGS) do
      for _, id in ipairs(prompts.PROMPT_IDS) do
        local text = PROMPT_TEXT[lang][id]
        assert.is_string(text, lang .. " " .. id)
        assert.is_true(#text > 0, lang .. " " .. id)
      end
    end
  end)

  it("names prompt files relative to the sound prefix", function()
    assert.are.equal("ccard/welcome.wav", prompts.promptFile("welcome"))
    assert.are.equal("es/es/espeak", prompts.VOICE_DIRS.es)
  end)

  it("knows its languages", function()
    assert.is_true(prompts.isLang("en"))
    assert.is_false(prompts.isLang("fr"))
  end)
end)
