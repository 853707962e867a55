/*
 * The PostgreSQL side of FreeSWITCH's freeswitch.Dbh (a pgsql:// DSN, served by mod_pgsql), for
 * the specs and the benchmarks; spec/support/fake_dbh.lua wraps it with the handle pool.
 *
 * It does what mod_pgsql's handle does (docs/freeswitch.md, "freeswitch.Dbh"):
 * - the DSN without its "pgsql://" is libpq's conninfo (PQconnectdb); a failed connect leaves no
 *   handle (the Dbh is not connected);
 * - every query is one PQsendQuery of the whole text (the simple protocol: text results, several
 *   statements one after the other) whose results are read one PQgetResult at a time; every row
 *   reaches the Lua callback as a new table of column name -> PQgetvalue text (NULL as "",
 *   booleans as t/f); a non-zero number returned by the callback stops the rows, and the query
 *   still counts as done;
 * - affected rows start at 0 for every query and take PQcmdTuples of each result that has a
 *   count, so a SELECT's row count too;
 * - a failing statement ends the query: with a row callback the query is false; without one it
 *   is false too, unless the error's text has "already exists" or "duplicate key name"
 *   (mod_pgsql's filter, meant for CREATE TABLE, lets a unique-key violation through as true with
 *   0 rows). Either way last_error stays unset: the reason only reaches the log;
 * - before each query, and after a failed one, a connection that went bad is reset, retried a
 *   second apart up to 120 times (mod_pgsql's db_is_up); when it stays down the query is false
 *   and last_error is libpq's message. fsdbh.pg_reconnect(tries, ms) shortens that for a spec
 *   (the one difference from the switch, so a test of a dead server ends in seconds).
 * What this does not model: mod_pgsql's 10 s limit per result (a longer statement is cancelled).
 */
#define _POSIX_C_SOURCE 200809L
#include <lauxlib.h>
#include <lua.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include "fsdbh.h"

#define PG_HANDLE "ccard.fake_dbh.pgsql"

typedef struct {
  PGconn *con;
  long affected;
} pg_handle;

static pg_handle *check_pg(lua_State *L) {
  pg_handle *h = (pg_handle *)luaL_checkudata(L, 1, PG_HANDLE);
  if (h->con == NULL) luaL_error(L, "fake Dbh: connection already closed");
  return h;
}

/* mod_pgsql's db_is_up: 120 tries, a second apart (fsdbh.pg_reconnect changes them). */
static long reconnect_tries = 120;
static long reconnect_wait_ms = 1000;

static void drain(PGconn *con) {
  PGresult *r;
  while ((r = PQgetResult(con)) != NULL) PQclear(r);
}

/* mod_pgsql's db_is_up: a bad connection is reset, and retried after each wait. */
static int db_is_up(pg_handle *h) {
  long i;
  if (PQstatus(h->con) != CONNECTION_BAD) return 1;
  for (i = 0; i < reconnect_tries; i++) {
    PQreset(h->con);
    if (PQstatus(h->con) == CONNECTION_OK) return 1;
    fsdbh_sleep_ns(reconnect_wait_ms * 1000000L);
  }
  return 0;
}

/* fsdbh.pg_reconnect(tries, wait_ms): how db_is_up retries in this process. */
int fsdbh_pg_reconnect(lua_State *L) {
  reconnect_tries = (long)luaL_checkinteger(L, 1);
  reconnect_wait_ms = (long)luaL_checkinteger(L, 2);
  return 0;
}

static int contains(const char *text, const char *part) {
  return text != NULL && strstr(text, part) != NULL;
}

/*
 * handle:exec(sql[, fn]) -> ok, last_error|nil, busy ({}), log|nil
 * log: what mod_pgsql would write to the switch's log for this query, if anything.
 */
static int l_pg_exec(lua_State *L) {
  pg_handle *h = check_pg(L);
  const char *sql = luaL_checkstring(L, 2);
  int fn = lua_isfunction(L, 3) ? 3 : 0;
  int stopped = 0;
  char *err = NULL;
  PGresult *res;
  h->affected = 0;
  drain(h->con);
  if (!db_is_up(h) || !PQsendQuery(h->con, sql)) {
    const char *why = PQerrorMessage(h->con);
    lua_pushboolean(L, 0);
    lua_pushstring(L, why != NULL && *why != '\0' ? why : "Database is not up!");
    lua_newtable(L);
    lua_pushfstring(L, "Database is not up! [%s]", why != NULL ? why : "");
    return 4;
  }
  while ((res = PQgetResult(h->con)) != NULL) {
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
      const char *tag = PQcmdTuples(res);
      if (tag != NULL && *tag != '\0') h->affected = atol(tag);
      if (fn != 0 && st == PGRES_TUPLES_OK && !stopped) {
        int rows = PQntuples(res), cols = PQnfields(res), row, col;
        char **names = (char **)malloc(sizeof(char *) * (size_t)(cols > 0 ? cols : 1));
        char **values = (char **)malloc(sizeof(char *) * (size_t)(cols > 0 ? cols : 1));
        for (col = 0; col < cols; col++) names[col] = PQfname(res, col);
        for (row = 0; row < rows && !stopped; row++) {
          row_data r;
          int outcome;
          for (col = 0; col < cols; col++) values[col] = PQgetvalue(res, row, col);
          r.argc = cols;
          r.names = names;
          r.values = values;
          outcome = fsdbh_call_row(L, fn, &r);
          if (outcome < 0) {
            free(names);
            free(values);
            PQclear(res);
            drain(h->con);
            return lua_error(L); /* the callback's error: the switch logs it and stops */
          }
          stopped = outcome;
        }
        free(names);
        free(values);
      }
      PQclear(res);
      continue;
    }
    err = strdup(PQresultErrorMessage(res));
    PQclear(res);
    drain(h->con);
    db_is_up(h);
    break;
  }
  if (err == NULL) {
    lua_pushboolean(L, 1);
    lua_pushnil(L);
    lua_newtable(L);
    lua_pushnil(L);
    return 4;
  }
  if (fn == 0 && (contains(err, "already exists") || contains(err, "duplicate key name"))) {
    lua_pushboolean(L, 1);
    lua_pushnil(L);
    lua_newtable(L);
    lua_pushnil(L);
  } else {
    lua_pushboolean(L, 0);
    lua_pushnil(L);
    lua_newtable(L);
    if (fn != 0) lua_pushfstring(L, "ERR: [%s]\n[%s]", sql, err);
    else lua_pushfstring(L, "Error executing query:\n%s", err);
  }
  free(err);
  return 4;
}

static int l_pg_changes(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)check_pg(L)->affected);
  return 1;
}

static int l_pg_close(lua_State *L) {
  pg_handle *h = (pg_handle *)luaL_checkudata(L, 1, PG_HANDLE);
  if (h->con != NULL) {
    PQfinish(h->con);
    h->con = NULL;
  }
  return 0;
}

/* fsdbh.open_pgsql(conninfo) -> handle | nil, message */
int fsdbh_open_pgsql(lua_State *L) {
  const char *conninfo = luaL_checkstring(L, 1);
  pg_handle *h = (pg_handle *)lua_newuserdata(L, sizeof(pg_handle));
  h->con = NULL;
  h->affected = 0;
  luaL_getmetatable(L, PG_HANDLE);
  lua_setmetatable(L, -2);
  h->con = PQconnectdb(conninfo);
  if (h->con == NULL || PQstatus(h->con) != CONNECTION_OK) {
    lua_pushnil(L);
    lua_pushstring(L, h->con != NULL ? PQerrorMessage(h->con) : "out of memory");
    if (h->con != NULL) PQfinish(h->con);
    h->con = NULL;
    return 2;
  }
  return 1;
}

static const luaL_Reg pg_methods[] = {
  {"exec", l_pg_exec}, {"changes", l_pg_changes}, {"close", l_pg_close}, {NULL, NULL},
};

void fsdbh_pgsql_register(lua_State *L) {
  const luaL_Reg *r;
  luaL_newmetatable(L, PG_HANDLE);
  lua_newtable(L);
  for (r = pg_methods; r->name != NULL; r++) {
    lua_pushcfunction(L, r->func);
    lua_setfield(L, -2, r->name);
  }
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, l_pg_close);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
}
