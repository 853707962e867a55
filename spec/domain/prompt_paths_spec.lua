local paths = require("domain.prompt_paths")

describe("domain.prompt_paths", function()
  it("names prompt files relative to the sound prefix", function()
    assert.are.equal("ccard/welcome.wav", paths.promptFile("welcome"))
    assert.are.equal("es/es/espeak", paths.VOICE_DIRS.es)
  end)

  it("knows its languages", function()
    assert.is_true(paths.isLang("en"))
    assert.is_false(paths.isLang("fr"))
  end)
end)
