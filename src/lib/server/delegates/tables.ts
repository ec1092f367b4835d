/** Column types of the delegate table (migrations/0002_delegates_and_mail.ts). */
import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from '$lib/server/db/foundation-tables';

export type DelegateKind = 'person' | 'unit';
export type ReplyStatus = 'pending' | 'attending' | 'declined' | 'substituted';
export type DelegateStatus = 'active' | 'cancelled' | 'replaced';
export type DelegateSource = 'manual' | 'import' | 'substitute' | 'unit_reply' | 'walk_in' | 'api' | 'demo';

export interface DelegateTable {
	id: Generated<number>;
	event_id: number;
	tier_id: number;
	/** 'person': a letter to a named person; 'unit': a letter to an office that names its attendees. */
	kind: Generated<DelegateKind>;
	salutation: 'Ông' | 'Bà' | null;
	full_name: Generated<string>;
	position: Generated<string>;
	unit: Generated<string>;
	/** For unit invitations: "Lãnh đạo Sở Tài chính". */
	addressed_to: Generated<string>;
	/** Places offered to a unit invitation. */
	places: Generated<number>;
	email: string | null;
	phone: string | null;
	seat: Generated<string>;
	notes: Generated<string>;
	/** Lower comes first within the tier (Tỉnh ủy, HĐND, UBND, MTTQ, Đoàn ĐBQH, sở ngành…). */
	protocol_rank: Generated<number>;
	/** Manual order among equal ranks (drag and drop). */
	sort_order: Generated<number>;
	reply_status: Generated<ReplyStatus>;
	reply_note: Generated<string>;
	replied_at: Timestamp | null;
	/** 'link' (the delegate's own reply page), 'phone', 'email', 'paper', 'organiser'. */
	replied_via: string | null;
	/** A substitute points to the delegate they replace (who then has status 'replaced'). */
	substitute_for: number | null;
	/** A person named by a unit invitation points to it. */
	parent_unit_id: number | null;
	status: Generated<DelegateStatus>;
	source: Generated<DelegateSource>;
	/** Short human code printed under the QR and typed at the door (unique per event). */
	code: string;
	/** Bumped to revoke the personal link (the token is derived from id + version). */
	token_version: Generated<number>;
	/** SHA-256 (hex) of the personal link token; the token itself is never stored. */
	token_hash: string;
	/** searchKey(name unit position phone email code) for diacritic-insensitive search. */
	search_key: Generated<string>;
	/** Normalised name + unit: the same person may not be listed twice in one event. */
	identity_key: Generated<string>;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface DelegateTables {
	delegate: DelegateTable;
}
