local settings = require("ivr.settings")

local function read(channel, global)
  local warnings = {}
  local s = settings.readSettings(
    function(n) return channel[n] end,
    function(n) return global[n] end,
    function(m) warnings[#warnings + 1] = m end)
  return s, warnings
end

describe("ivr.settings", function()
  it("has documented defaults", function()
    local s, w = read({}, {})
    assert.are.same({
      dsn = "sqlite:///var/lib/ccard/ccard.db", soundsDir = "/usr/share/freeswitch/sounds", pinTimeoutMs = 10000,
      digitTimeoutMs = 8000, destinationTries = 3, ringTimeoutSeconds = 60, maxCallsPerSession = 5, settleWaitMs = 5000,
      earlyMedia = "ignore", spoolDir = "/var/lib/ccard/spool",
    }, s)
    assert.are.same({}, w)
  end)

  it("reads the DSN and sounds folder from global variables, the rest from the channel", function()
    local s = read({ ccard_pin_timeout_ms = "5000", ccard_dsn = "sqlite:///elsewhere.db" },
      { ccard_dsn = "sqlite:///srv/ccard.db", sounds_dir = "/opt/fs/sounds" })
    assert.are.equal("sqlite:///srv/ccard.db", s.dsn)
    assert.are.equal("/opt/fs/sounds", s.soundsDir)
    assert.are.equal(5000, s.pinTimeoutMs)
  end)

  it("reads what the caller hears while the callee rings, and the spool folder", function()
    local s = read({ ccard_early_media = "pass" }, { ccard_spool_dir = "/srv/ccard/spool" })
    assert.are.equal("pass", s.earlyMedia)
    assert.are.equal("/srv/ccard/spool", s.spoolDir)
    local bad, w = read({ ccard_early_media = "loud" }, { ccard_spool_dir = "relative/spool" })
    assert.are.same({ "ignore", "/var/lib/ccard/spool" }, { bad.earlyMedia, bad.spoolDir })
    assert.are.same({ "ccard_early_media must be ignore or pass; using ignore",
      "ccard_spool_dir must be an absolute path of letters, digits and / . _ -; using /var/lib/ccard/spool" }, w)
  end)

  it("falls back to the default, with a warning, for malformed values", function()
    local s, w = read({ ccard_pin_timeout_ms = "5e3", ccard_destination_tries = "0", ccard_ring_timeout_seconds = "-1",
      ccard_sounds_dir = "/snd^x" }, {})
    assert.are.equal(10000, s.pinTimeoutMs)
    assert.are.equal(3, s.destinationTries)
    assert.are.equal(60, s.ringTimeoutSeconds)
    assert.are.equal("/usr/share/freeswitch/sounds", s.soundsDir)
    assert.are.equal(4, #w)
  end)
end)
