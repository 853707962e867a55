local sql = require("domain.rate_sql")

describe("domain.rate_sql", function()
  it("looks rates up by the longest prefix with one indexed IN query in the version in force at the instant, no LIKE", function()
    local q = sql.rateLookupSql(3, "4420", 1798761600)
    assert.truthy(q:find("WHERE v.table_id = 3 AND v.version = (SELECT x.version FROM rate_versions x WHERE x.table_id = 3 " ..
      "AND x.effective_at <= 1798761600 ORDER BY x.effective_at DESC, x.version DESC LIMIT 1) AND r.prefix IN ('4420', '442', '44', '4') ORDER BY r.prefix DESC LIMIT 1", 1, true), q)
    assert.is_nil(q:find("LIKE", 1, true))
    local longest = sql.rateLookupSql(3, "123456789012345", 0)
    assert.truthy(longest:find("IN ('123456789012345', '12345678901234', ", 1, true))
    assert.truthy(longest:find(", '12', '1') ORDER BY", 1, true))
  end)

  it("bounds the candidates by the deck's longest prefix, and then guards the bound", function()
    local q = sql.rateLookupSql(3, "442071234567", 0, 4)
    assert.truthy(q:find("LIMIT 1) AND v.max_prefix_digits <= 4 AND r.prefix IN ('4420', '442', '44', '4') ORDER", 1, true), q)
    assert.are.equal(sql.rateLookupSql(3, "4420", 0), sql.rateLookupSql(3, "4420", 0, 4))
    for _, bad in ipairs({ 0, -1, 2.5 }) do
      assert.has_error(function() sql.rateLookupSql(3, "4420", 0, bad) end)
    end
    assert.has_error(function() sql.rateLookupSql(3, "4420", 1.5) end)
  end)

  it("refuses a lookup number that is not 1–15 digits (it goes into SQL unquoted by prefix)", function()
    for _, bad in ipairs({ "", "+4420", "44 20", "4420'", "44a", "1234567890123456", "4\0" }) do
      assert.has_error(function() sql.rateLookupSql(3, bad, 0) end, nil, bad)
    end
  end)
end)
