/*
 * The SQLite side of FreeSWITCH's freeswitch.Dbh, for the specs, the demo and the benchmarks
 * (spec/support/fake_dbh.lua wraps it with the handle pool and the rest of the Lua API).
 *
 * It does what mod_lua's Dbh does on a SQLite DSN (docs/freeswitch.md): each query is one
 * sqlite3_exec, so a statement runs once and a text of several statements runs them all; every
 * row reaches the Lua callback as a new table of column name -> string, SQL NULL as "" (the
 * text SQLite itself makes of each value); a non-zero number returned by the callback stops
 * the query, which still counts as done; affected rows are sqlite3_changes(). The connection
 * is opened with synchronous=OFF and waits up to 30 s on a locked database, as FreeSWITCH
 * opens its SQLite files. One difference, on purpose: an error raised by the callback is
 * raised again from query() (FreeSWITCH logs it and stops), so a spec sees it.
 *
 * Built for each Lua version by scripts/build-fake-dbh.mjs.
 */
#include <lauxlib.h>
#include <lua.h>
#include <sqlite3.h>

#define HANDLE "ccard.fake_dbh.sqlite"

typedef struct {
  sqlite3 *db;
} handle;

typedef struct {
  lua_State *L;
  int fn;      /* stack index of the row callback, 0 for none */
  int stopped; /* the callback asked to stop */
  int raised;  /* the callback raised: its error is on the stack */
  int nostack; /* no stack room to call the callback */
} exec_state;

static handle *check_handle(lua_State *L) {
  handle *h = (handle *)luaL_checkudata(L, 1, HANDLE);
  if (h->db == NULL) luaL_error(L, "fake Dbh: connection already closed");
  return h;
}

typedef struct {
  int argc;
  char **values;
  char **names;
} row_data;

/* Run under lua_pcall (fn, row_data): builds the row table and calls fn(row), so no Lua error
   (not even running out of memory) can jump out through sqlite3_exec. */
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

static int on_row(void *data, int argc, char **values, char **names) {
  exec_state *s = (exec_state *)data;
  lua_State *L = s->L;
  row_data r;
  if (s->fn == 0) return 0;
  if (!lua_checkstack(L, 4)) {
    s->nostack = 1;
    return 1;
  }
  r.argc = argc;
  r.values = values;
  r.names = names;
  lua_pushcfunction(L, call_with_row);
  lua_pushvalue(L, s->fn);
  lua_pushlightuserdata(L, &r);
  if (lua_pcall(L, 2, 1, 0) != 0) {
    s->raised = 1;
    return 1;
  }
  if (lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) != 0) s->stopped = 1;
  lua_pop(L, 1);
  return s->stopped;
}

/* handle:exec(sql[, fn]) -> true | false, message */
static int l_exec(lua_State *L) {
  handle *h = check_handle(L);
  const char *sql = luaL_checkstring(L, 2);
  exec_state s;
  char *message = NULL;
  int rc;
  s.L = L;
  s.fn = lua_isfunction(L, 3) ? 3 : 0;
  s.stopped = 0;
  s.raised = 0;
  s.nostack = 0;
  rc = sqlite3_exec(h->db, sql, on_row, &s, &message);
  if (s.raised || s.nostack) {
    sqlite3_free(message);
    if (s.raised) return lua_error(L); /* the callback's error, on top of the stack */
    return luaL_error(L, "fake Dbh: no Lua stack left for the row callback");
  }
  if (rc == SQLITE_OK || (rc == SQLITE_ABORT && s.stopped)) {
    sqlite3_free(message);
    lua_pushboolean(L, 1);
    return 1;
  }
  lua_pushboolean(L, 0);
  lua_pushstring(L, message != NULL ? message : sqlite3_errmsg(h->db));
  sqlite3_free(message);
  return 2;
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
  sqlite3_busy_timeout(h->db, 30000);
  sqlite3_exec(h->db, "PRAGMA synchronous=OFF", NULL, NULL, NULL);
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
  return 1;
}
