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
end)
