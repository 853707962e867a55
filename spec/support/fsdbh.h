/*
 * What the two halves of the fake Dbh share (spec/support/fsdbh.c: SQLite, as FreeSWITCH's core
 * db runs it; spec/support/fsdbh_pgsql.c: PostgreSQL, as mod_pgsql runs it).
 */
#ifndef FSDBH_H
#define FSDBH_H
#include <lua.h>

/* One row for a Lua callback: column names and values as C strings (NULL becomes ""). */
typedef struct {
  int argc;
  char **values;
  char **names;
} row_data;

/*
 * Calls the Lua function at stack index fn with one row as a new table of name -> string,
 * under lua_pcall. Returns 0 to go on, 1 when the callback returned a non-zero number (stop),
 * -1 when it raised (its error is left on top of the stack) or no stack was left.
 */
int fsdbh_call_row(lua_State *L, int fn, const row_data *r);

void fsdbh_sleep_ns(long ns);

/* Registers the PostgreSQL handle's metatable; fsdbh.open_pgsql(conninfo) is the function below. */
void fsdbh_pgsql_register(lua_State *L);
int fsdbh_open_pgsql(lua_State *L);
int fsdbh_pg_reconnect(lua_State *L);
#endif
