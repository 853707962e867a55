local ____exports = {}
--- Where each language's recordings live below FreeSWITCH's sounds directory
-- (`<lang>/<region>/<voice>`). The IVR plays `<ccard_sounds_dir>/` + this + `/` + promptFile(id).
____exports.VOICE_DIRS = {en = "en/us/espeak", es = "es/es/espeak"}
--- Sample rates (Hz) every prompt is rendered at; each is a folder inside PROMPT_FOLDER.
____exports.PROMPT_RATES = {8000, 16000}
--- Folder of ccard's prompts below a voice directory; the rate folder goes inside it.
____exports.PROMPT_FOLDER = "ccard"
--- True when s names a language with a prompt set.
function ____exports.isLang(s)
    return s == "en" or s == "es"
end
--- Path of a prompt below its voice folder, e.g. "ccard/welcome.wav". FreeSWITCH
-- (mod_sndfile) inserts the channel's rate folder before the file name, so it opens
-- `<voice folder>/ccard/8000/welcome.wav` on an 8 kHz call.
function ____exports.promptFile(id)
    return ____exports.PROMPT_FOLDER .. "/" .. id .. ".wav"
end
return ____exports
