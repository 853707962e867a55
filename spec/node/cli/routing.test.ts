import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { distributorXml, xmlAttr } from "../../../src/cli/distributor_xml";
import { ok, rejectsAll, withDb } from "../support/db";

/** The stdout of a command that must succeed. */
const stdoutOf = async (db: string, argv: string[]): Promise<string> => (await ok(db, argv)).stdout;

test("gateways add, set, show and list", async () => {
  await withDb(async (db) => {
    await stdoutOf(db, ["rates", "create-table", "vendor-a"]);
    await stdoutOf(db, ["gateways", "add", "carrier_a", "--dial-prefix", "011#", "--max-channels", "30", "--cost-table", "vendor-a"]);
    await stdoutOf(db, ["gateways", "add", "carrier-b"]);
    assert.deepEqual(JSON.parse(await stdoutOf(db, ["gateways", "list", "--json"])), [
      { name: "carrier-b", dial_prefix: "", max_channels: 0, cost_table: null, enabled: 1 },
      { name: "carrier_a", dial_prefix: "011#", max_channels: 30, cost_table: "vendor-a", enabled: 1 },
    ]);
    await stdoutOf(db, ["gateways", "set", "carrier_a", "--disable", "--no-cost-table", "--max-channels", "0", "--dial-prefix", ""]);
    const shown = JSON.parse(await stdoutOf(db, ["gateways", "show", "carrier_a", "--json"]));
    assert.deepEqual(shown, { name: "carrier_a", dial_prefix: "", max_channels: 0, cost_table: null, enabled: 0, routes: [] });
    await stdoutOf(db, ["gateways", "set", "carrier_a", "--enable", "--cost-table", "vendor-a"]);
    assert.match(await stdoutOf(db, ["gateways", "show", "carrier_a"]), /enabled: +yes\n.*\n.*max channels: unlimited\ncost table: +vendor-a/);
    assert.match(await stdoutOf(db, ["gateways", "list"]), /carrier_a\s+yes\s+unlimited\s+vendor-a/);
  });
});

test("bad gateway input is refused and changes nothing", async () => {
  await withDb(async (db) => {
    await stdoutOf(db, ["gateways", "add", "gw1"]);
    await stdoutOf(db, ["routes", "add", "r1"]);
    await stdoutOf(db, ["routes", "add-gateway", "r1", "gw1"]);
    const cases: [string[], number, RegExp][] = [
      [["gateways", "add", "gw1"], 1, /gateway 'gw1' already exists/],
      [["gateways", "add", "gw 2"], 2, /may only hold letters/],
      [["gateways", "add", "gw2", "--dial-prefix", "0a"], 2, /dial prefix '0a'/],
      [["gateways", "add", "gw2", "--max-channels=-1"], 2, /--max-channels '-1' is not a whole number/],
      [["gateways", "add", "gw2", "--max-channels", "100001"], 2, /from 0 to 100000/],
      [["gateways", "add", "gw2", "--cost-table", "nope"], 1, /no rate table 'nope'/],
      [["gateways", "add"], 2, /expected NAME/],
      [["gateways", "set", "gw1"], 2, /nothing to change/],
      [["gateways", "set", "gw1", "--enable", "--disable"], 2, /exclude each other/],
      [["gateways", "set", "nope", "--enable"], 1, /no gateway 'nope'/],
      [["gateways", "remove", "gw1"], 1, /used by route\(s\) r1/],
      [["gateways", "remove", "nope"], 1, /no gateway 'nope'/],
      [["gateways", "show", "nope"], 1, /no gateway 'nope'/],
    ];
    await rejectsAll(db, cases);
  });
});

test("routes hold weighted gateways; remove-gateway and remove", async () => {
  await withDb(async (db) => {
    await stdoutOf(db, ["gateways", "add", "a"]);
    await stdoutOf(db, ["gateways", "add", "b"]);
    await stdoutOf(db, ["routes", "add", "uk", "--max-attempts", "2"]);
    await stdoutOf(db, ["routes", "add-gateway", "uk", "a", "--weight", "3"]);
    assert.match(await stdoutOf(db, ["routes", "add-gateway", "uk", "b"]), /added gateway 'b' \(weight 1\)/);
    assert.match(await stdoutOf(db, ["routes", "add-gateway", "uk", "b", "--weight", "2"]), /weight 1 -> 2/);
    assert.deepEqual(JSON.parse(await stdoutOf(db, ["routes", "show", "uk", "--json"])), {
      name: "uk", max_attempts: 2, gateways: [{ gateway: "a", weight: 3, enabled: true }, { gateway: "b", weight: 2, enabled: true }],
    });
    assert.match(await stdoutOf(db, ["routes", "list"]), /uk\s+2\s+a:3, b:2/);
    assert.match(await stdoutOf(db, ["gateways", "show", "a"]), /routes: +uk \(weight 3\)/);
    await stdoutOf(db, ["routes", "remove-gateway", "uk", "a"]);
    assert.match(await stdoutOf(db, ["routes", "show", "uk"]), /gateways: +b:2\n/);
    await stdoutOf(db, ["routes", "remove", "uk"]);
    assert.match(await stdoutOf(db, ["routes", "list"]), /no routes/);
    await stdoutOf(db, ["gateways", "remove", "b"]);
  });
});

test("bad route input is refused and changes nothing", async () => {
  await withDb(async (db, dir) => {
    await stdoutOf(db, ["gateways", "add", "a"]);
    await stdoutOf(db, ["gateways", "add", "b"]);
    await stdoutOf(db, ["routes", "add", "uk"]);
    await stdoutOf(db, ["routes", "add-gateway", "uk", "a"]);
    await stdoutOf(db, ["rates", "create-table", "t"]);
    const deck = join(dir, "d.csv");
    writeFileSync(deck, "prefix,destination,rate_per_minute,route\n44,UK,0.1,uk\n");
    await stdoutOf(db, ["rates", "import", deck, "--table", "t"]);
    const cases: [string[], number, RegExp][] = [
      [["routes", "add", "uk"], 1, /route 'uk' already exists/],
      [["routes", "add", "u<k"], 2, /may only hold letters/],
      [["routes", "add", "x", "--max-attempts", "0"], 2, /from 1 to 10/],
      [["routes", "add-gateway", "uk", "a", "--weight", "0"], 2, /--weight must be from 1 to 1000/],
      [["routes", "add-gateway", "uk", "a", "--weight", "1.5"], 2, /--weight '1.5' is not a whole number/],
      [["routes", "add-gateway", "nope", "a"], 1, /no route 'nope'/],
      [["routes", "add-gateway", "uk", "nope"], 1, /no gateway 'nope'/],
      [["routes", "add-gateway", "uk"], 2, /expected ROUTE GATEWAY/],
      [["routes", "remove-gateway", "uk", "b"], 1, /gateway 'b' is not in route 'uk'/],
      [["routes", "remove", "uk"], 1, /used by rate table\(s\) t/],
      [["routes", "show", "nope"], 1, /no route 'nope'/],
    ];
    await rejectsAll(db, cases);
  });
});

test("distributor export: one list per route, enabled gateways only, escaped, written atomically", async () => {
  await withDb(async (db, dir) => {
    await stdoutOf(db, ["gateways", "add", "a"]);
    await stdoutOf(db, ["gateways", "add", "b"]);
    await stdoutOf(db, ["gateways", "add", "c", "--disabled"]);
    await stdoutOf(db, ["routes", "add", "uk"]);
    await stdoutOf(db, ["routes", "add", "us"]);
    await stdoutOf(db, ["routes", "add", "empty"]);
    await stdoutOf(db, ["routes", "add-gateway", "uk", "a", "--weight", "3"]);
    await stdoutOf(db, ["routes", "add-gateway", "uk", "b"]);
    await stdoutOf(db, ["routes", "add-gateway", "uk", "c", "--weight", "5"]);
    await stdoutOf(db, ["routes", "add-gateway", "us", "c"]);
    const out = join(dir, "distributor.conf.xml");
    const r = await runCli(db, ["distributor", "export", "--out", out]);
    assert.equal(r.code, 0);
    assert.equal(
      r.stderr,
      "warning: route 'empty' has no enabled gateway: left out\nwarning: route 'us' has no enabled gateway: left out\nwrote 1 list to " + out + "\n",
    );
    const xml = readFileSync(out, "utf8");
    assert.match(xml, /<configuration name="distributor.conf" description="Distributor Configuration">\n  <lists>\n    <list name="uk">\n      <node name="a" weight="3"\/>\n      <node name="b" weight="1"\/>\n    <\/list>\n  <\/lists>\n<\/configuration>\n$/);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes(".tmp")), []);
    assert.equal((await runCli(db, ["distributor", "export"])).stdout, xml);
    const bad = await runCli(db, ["distributor", "export", "--out", join(dir, "missing", "d.xml")]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /cannot write .*ENOENT/);
  });
});

test("xmlAttr escapes the five XML specials", () => {
  assert.equal(xmlAttr(`a&b<c>d"e'f`), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  assert.match(distributorXml([{ name: "r&1", nodes: [{ name: 'g"1', weight: 2 }] }]), /<list name="r&amp;1">\n      <node name="g&quot;1" weight="2"\/>/);
});
