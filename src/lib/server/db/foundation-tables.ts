/** Column types of the foundation tables (migrations/0001_foundation.ts). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** A timestamptz: read as Date, written as Date or ISO string, defaulted by the database. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A `date` column, read and written as 'YYYY-MM-DD' (no time zone drift). */
export type DateString = string;
export type Role = 'admin' | 'organiser' | 'finance' | 'reception' | 'viewer';
export type EventKind = 'so_ket' | 'tong_ket' | 'other';
export type OrganisationKind = 'province_office' | 'department' | 'commune' | 'other';

export interface AppUserTable {
	id: Generated<number>;
	email: string;
	full_name: string;
	password_hash: string;
	is_system_admin: Generated<boolean>;
	disabled_at: Timestamp | null;
	created_at: CreatedAt;
}

export interface UserSessionTable {
	id: string;
	user_id: number;
	expires_at: Timestamp;
	created_at: CreatedAt;
	ip: string | null;
	user_agent: string | null;
}

export interface LoginAttemptTable {
	id: Generated<number>;
	email: string;
	ip: string;
	success: boolean;
	at: Generated<Date>;
}

export interface OrganisationTable {
	id: Generated<number>;
	name: string;
	short_name: string | null;
	kind: Generated<OrganisationKind>;
	address: string | null;
	created_at: CreatedAt;
	archived_at: Timestamp | null;
}

export interface MembershipTable {
	user_id: number;
	organisation_id: number;
	role: Role;
	created_at: CreatedAt;
}

export interface ApiTokenTable {
	id: Generated<number>;
	user_id: number;
	name: string;
	token_hash: string;
	token_prefix: string;
	created_by: number | null;
	created_at: CreatedAt;
	last_used_at: Timestamp | null;
	expires_at: Timestamp | null;
	revoked_at: Timestamp | null;
}

export interface EventTable {
	id: Generated<number>;
	organisation_id: number;
	kind: EventKind;
	title: string;
	movement: Generated<string>;
	period_label: Generated<string>;
	starts_at: Timestamp;
	ends_at: Timestamp | null;
	venue: Generated<string>;
	address: Generated<string>;
	organiser_name: Generated<string>;
	authority_parent: Generated<string>;
	authority_name: Generated<string>;
	place_name: Generated<string>;
	doc_number: Generated<string>;
	doc_symbol: Generated<string>;
	signer_prefix: Generated<string>;
	signer_title: Generated<string>;
	signer_name: Generated<string>;
	notes: Generated<string>;
	created_by: number | null;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
	archived_at: Timestamp | null;
}

export interface TierTable {
	id: Generated<number>;
	event_id: number;
	name: string;
	position: number;
	is_leader: Generated<boolean>;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: Generated<Date>;
	actor_user_id: number | null;
	actor_label: Generated<string>;
	organisation_id: number | null;
	event_id: number | null;
	action: string;
	entity_type: Generated<string>;
	entity_id: string | null;
	data: JSONColumnType<Record<string, unknown>, string, string>;
	ip: string | null;
}

export interface SettingTable {
	id: Generated<number>;
	organisation_id: number | null;
	key: string;
	value: ColumnType<unknown, string, string>;
	updated_at: Generated<Date>;
	updated_by: number | null;
}

export interface FoundationTables {
	app_user: AppUserTable;
	user_session: UserSessionTable;
	login_attempt: LoginAttemptTable;
	organisation: OrganisationTable;
	membership: MembershipTable;
	api_token: ApiTokenTable;
	event: EventTable;
	tier: TierTable;
	audit_log: AuditLogTable;
	setting: SettingTable;
}
