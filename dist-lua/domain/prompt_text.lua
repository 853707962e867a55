local ____exports = {}
local ____prompts_en = require("domain.prompts_en")
local PROMPT_TEXT_EN = ____prompts_en.PROMPT_TEXT_EN
local ____prompts_es = require("domain.prompts_es")
local PROMPT_TEXT_ES = ____prompts_es.PROMPT_TEXT_ES
____exports.PROMPT_TEXT = {en = PROMPT_TEXT_EN, es = PROMPT_TEXT_ES}
return ____exports
