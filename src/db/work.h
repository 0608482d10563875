/* work.h — the write calls of schema api: cases, logging a contact,
 * agreements, callback tasks, the agent's state. Shared SQL for the
 * console and the subcommands. */
#ifndef LOKET_DB_WORK_H
#define LOKET_DB_WORK_H

#define DB_SQL_CASE_GET "SELECT api.case_get($1, $2::uuid)"
#define DB_SQL_CASE_CLAIM "SELECT api.case_claim($1)"
#define DB_SQL_CASE_RELEASE "SELECT api.case_release($1)"
#define DB_SQL_CASE_TRANSFER "SELECT api.case_transfer($1, $2, $3)"
#define DB_SQL_CASE_STATUS "SELECT api.case_set_status($1, $2, $3)"
#define DB_SQL_CONTACT_LOG "SELECT api.contact_log($1::uuid, $2::jsonb)"
#define DB_SQL_AGENT_STATE "SELECT api.agent_set_state($1)"
#define DB_SQL_AGENT_LIST "SELECT login, name, role, team, state FROM api.agent_list()"
#define DB_SQL_TEAM_LIST "SELECT code, name FROM api.team_list()"

#endif
