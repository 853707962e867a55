/*
 * The SQLite side of FreeSWITCH's freeswitch.Dbh, for the specs, the demo and the benchmarks
 * (spec/support/fake_dbh.lua wraps it with the handle pool and the rest of the Lua API;
 * spec/support/fsdbh_pgsql.c is the PostgreSQL side).
 *
 * It does what mod_lua's Dbh does on a SQLite DSN (docs/freeswitch.md): each query is one
 * sqlite3_exec, so a statement runs once and a text of several statements runs them all; every
 * row reaches the Lua callback as a new table of column name -> string, SQL NULL as "" (the
 * text SQLite itself makes of each value); a non-zero number returned by the callback stops
 * the query, which still counts as done; affected rows are sqlite3_changes(). The connection
 * is set up as FreeSWITCH sets up its SQLite handles (synchronous=OFF, count_changes=OFF,
 * temp_store=MEMORY, cache_size=8000, and no busy timeout), and a statement that finds the
 * database busy or locked is retried as switch_core_db_exec retries it: run again after a
 * 100 ms sleep, up to 299 runs in all, each busy run counted (the Lua half logs them as
 * FreeSWITCH does: "SQLite is BUSY, sane=N [sql]"). Differences, on purpose: an error
 * raised by the callback is raised again from query() (FreeSWITCH logs it and stops), so a
 * spec sees it; fsdbh.busy_tries(n) shortens the retries in this process, so a spec of a
 * database locked for good ends in seconds with the switch's outcome.
 *
 * Built for each Lua version by scripts/build-fake-dbh.mjs.
 */
#define _POSIX_C_SOURCE 199309L
#include <lauxlib.h>
#include <lua.h>
#include <sqlite3.h>
#include <string.h>
#include <time.h>
#include "fsdbh.h"

/* switch_core_db_exec: `int sane = 300; while (--sane > 0)`, a 100 ms yield between busy runs. */
#define BUSY_TRIES 300
#define BUSY_SLEEP_NS 100000000L
static int busy_tries = BUSY_TRIES;

#define HANDLE "ccard.fake_dbh.sqlite"

typedef struct {
  sqlite3 *db;
} handle;

typedef struct {
  lua_State *L;
  int fn;      /* stack index of the row callback, 0 for none */
  int stopped; /* the callback asked to stop */
  int raised;  /* the callback raised (or no stack was left): the error is on the stack */
} exec_state;

static handle *check_handle(lua_State *L) {
  handle *h = (handle *)luaL_checkudata(L, 1, HANDLE);
  if (h->db == NULL) luaL_error(L, "fake Dbh: connection already closed");
  return h;
}

/* Run under lua_pcall (fn, row_data): builds the row table and calls fn(row), so no Lua error
   (not even running out of memory) can jump out through the engine's row loop. */
static int call_with_row(lua_State *L) {
  const row_data *r = (const row_data *)lua_touserdata(L, 2);
  int i;
  lua_settop(L, 1);
  lua_createtable(L, 0, r->argc);
  for (i = 0; i < r->argc; i++) {
    lua_pushstring(L, r->names[i] != NULL ? r->names[i] : "");
    lua_pushstring(L, r->values[i] != NULL ? r->values[i] : "");
    lua_rawset(L, -3);
  }
  lua_call(L, 1, 1);
  return 1;
}

int fsdbh_call_row(lua_State *L, int fn, const row_data *r) {
  int stop;
  if (!lua_checkstack(L, 4)) {
    lua_pushstring(L, "fake Dbh: no Lua stack left for the row callback");
    return -1;
  }
  lua_pushcfunction(L, call_with_row);
  lua_pushvalue(L, fn);
  lua_pushlightuserdata(L, (void *)r);
  if (lua_pcall(L, 2, 1, 0) != 0) return -1;
  stop = lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) != 0;
  lua_pop(L, 1);
  return stop;
}

static int on_row(void *data, int argc, char **values, char **names) {
  exec_state *s = (exec_state *)data;
  row_data r;
  int outcome;
  if (s->fn == 0) return 0;
  r.argc = argc;
  r.values = values;
  r.names = names;
  outcome = fsdbh_call_row(s->L, s->fn, &r);
  if (outcome < 0) {
    s->raised = 1;
    return 1;
  }
  s->stopped = outcome;
  return s->stopped;
}

void fsdbh_sleep_ns(long ns) {
  struct timespec t;
  t.tv_sec = ns / 1000000000L;
  t.tv_nsec = ns % 1000000000L;
  while (nanosleep(&t, &t) != 0) {
  }
}

/*
 * handle:exec(sql[, fn]) -> ok, message|nil, busy
 * busy: a table of the "sane" counter of every run that found the database busy or locked
 * ({} when none), for the Lua half to log as FreeSWITCH does.
 */
static int l_exec(lua_State *L) {
  handle *h = check_handle(L);
  const char *sql = luaL_checkstring(L, 2);
  exec_state s;
  char *message = NULL;
  int rc = SQLITE_OK;
  int sane = busy_tries;
  int busy_runs = 0;
  s.L = L;
  s.fn = lua_isfunction(L, 3) ? 3 : 0;
  lua_newtable(L); /* busy runs, index 4 (or 3 without a callback: kept by absolute index) */
  int busy_index = lua_gettop(L);
  while (--sane > 0) {
    s.stopped = 0;
    s.raised = 0;
    rc = sqlite3_exec(h->db, sql, on_row, &s, &message);
    if (s.raised) {
      sqlite3_free(message);
      return lua_error(L); /* the callback's error, on top of the stack */
    }
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    lua_pushinteger(L, sane);
    lua_rawseti(L, busy_index, ++busy_runs);
    lua_pushinteger(L, rc);
    lua_setfield(L, busy_index, "code");
    if (sane > 1) {
      sqlite3_free(message);
      message = NULL;
      fsdbh_sleep_ns(BUSY_SLEEP_NS);
    }
  }
  if (rc == SQLITE_OK || (rc == SQLITE_ABORT && s.stopped)) {
    sqlite3_free(message);
    lua_pushboolean(L, 1);
    lua_pushnil(L);
  } else {
    lua_pushboolean(L, 0);
    lua_pushstring(L, message != NULL ? message : sqlite3_errmsg(h->db));
    sqlite3_free(message);
  }
  lua_pushvalue(L, busy_index);
  return 3;
}

static int l_changes(lua_State *L) {
  lua_pushinteger(L, sqlite3_changes(check_handle(L)->db));
  return 1;
}

static int l_close(lua_State *L) {
  handle *h = (handle *)luaL_checkudata(L, 1, HANDLE);
  if (h->db != NULL) {
    sqlite3_close_v2(h->db);
    h->db = NULL;
  }
  return 0;
}

/* fsdbh.open(path) -> handle | nil, message */
static int l_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  handle *h = (handle *)lua_newuserdata(L, sizeof(handle));
  h->db = NULL;
  luaL_getmetatable(L, HANDLE);
  lua_setmetatable(L, -2);
  if (sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    lua_pushnil(L);
    lua_pushstring(L, h->db != NULL ? sqlite3_errmsg(h->db) : "out of memory");
    sqlite3_close_v2(h->db);
    h->db = NULL;
    return 2;
  }
  /* switch_core_db_connection_setup: these pragmas, and no busy timeout. */
  sqlite3_exec(h->db, "PRAGMA synchronous=OFF; PRAGMA count_changes=OFF; PRAGMA temp_store=MEMORY; PRAGMA cache_size=8000;", NULL, NULL, NULL);
  return 1;
}

/* fsdbh.busy_tries(n): the starting "sane" count of every statement in this process (the switch's 300: 299 runs). */
static int l_busy_tries(lua_State *L) {
  lua_Integer n = luaL_checkinteger(L, 1);
  luaL_argcheck(L, n >= 2 && n <= BUSY_TRIES, 1, "between 2 and 300");
  busy_tries = (int)n;
  return 0;
}

/* fsdbh.sleep_ms(ms): a real sleep, for the benchmarks' simulated calls. */
static int l_sleep_ms(lua_State *L) {
  lua_Number ms = luaL_checknumber(L, 1);
  if (ms > 0) fsdbh_sleep_ns((long)(ms * 1000000.0));
  return 0;
}

/* fsdbh.now_ms(): wall-clock milliseconds (CLOCK_REALTIME), for the benchmarks' timings. */
static int l_now_ms(lua_State *L) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  lua_pushnumber(L, (lua_Number)t.tv_sec * 1000.0 + (lua_Number)t.tv_nsec / 1000000.0);
  return 1;
}

static const luaL_Reg handle_methods[] = {
  {"exec", l_exec}, {"changes", l_changes}, {"close", l_close}, {NULL, NULL},
};

int luaopen_fsdbh(lua_State *L) {
  const luaL_Reg *r;
  luaL_newmetatable(L, HANDLE);
  lua_newtable(L);
  for (r = handle_methods; r->name != NULL; r++) {
    lua_pushcfunction(L, r->func);
    lua_setfield(L, -2, r->name);
  }
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, l_close);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  lua_newtable(L);
  lua_pushcfunction(L, l_open);
  lua_setfield(L, -2, "open");
  lua_pushcfunction(L, l_busy_tries);
  lua_setfield(L, -2, "busy_tries");
  lua_pushcfunction(L, l_sleep_ms);
  lua_setfield(L, -2, "sleep_ms");
  lua_pushcfunction(L, l_now_ms);
  lua_setfield(L, -2, "now_ms");
  fsdbh_pgsql_register(L);
  lua_pushcfunction(L, fsdbh_open_pgsql);
  lua_setfield(L, -2, "open_pgsql");
  lua_pushcfunction(L, fsdbh_pg_reconnect);
  lua_setfield(L, -2, "pg_reconnect");
  return 1;
}
