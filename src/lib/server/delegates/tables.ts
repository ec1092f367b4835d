/** Column types of the delegate table (migrations/0002_delegates_and_mail.ts). */
import type { ColumnType, Generated } from 'kysely';
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
	/**
	 * When the organiser placed the row in the protocol order (0003). Null for substitutes and people
	 * named by a unit until the organiser places them: they "need placing" (ngôi thứ không ủy quyền).
	 */
	placed_at: Timestamp | null;
}

export type SeatingRowKind = 'presidium' | 'row';
/**
 * How protocol numbers run along a row. 'centre': 1 at the centre, 2 at its right, 3 at its left, …
 * (right and left as the seated delegates see them, facing the hall). 'left' / 'right': 1 at the end
 * on the hall's left / right, then along the row.
 */
export type SeatNumbering = 'centre' | 'left' | 'right';

/** One row of the seating plan at the front of the hall (migrations/0003). */
export interface SeatingRowTable {
	id: Generated<number>;
	event_id: number;
	/** 0, 1, 2… from the stage towards the back; the presidium is usually 0. */
	position: number;
	kind: Generated<SeatingRowKind>;
	/** "Đoàn Chủ tịch", "Hàng A". */
	label: string;
	/** Printed in seat labels: "ĐCT", "A" → "A-3". */
	short_label: string;
	seat_count: number;
	numbering: Generated<SeatNumbering>;
	/** Seats of this row get a two-sided name card (bảng tên). */
	name_cards: Generated<boolean>;
	created_at: CreatedAt;
}

export interface SeatAssignmentTable {
	id: Generated<number>;
	event_id: number;
	row_id: number;
	/** Physical seat, 1 = leftmost as seen from the hall. */
	seat_index: number;
	delegate_id: number;
	created_at: CreatedAt;
}

/** An uploaded list between preview and commit (the bytes are re-parsed on commit). */
export interface DelegateImportTable {
	/** Random base32 handle (32 characters). */
	id: string;
	event_id: number;
	created_by: number | null;
	filename: string;
	/** SHA-256 (hex) of the uploaded bytes. */
	sha256: string;
	size: number;
	/** Null once committed (the file is no longer needed). */
	bytes: Uint8Array | null;
	options: ColumnType<Record<string, unknown>, string | undefined, string>;
	/** Digest of the plan last shown for these bytes and options (see import.ts). */
	plan_digest: Generated<string>;
	created_at: CreatedAt;
	expires_at: Timestamp;
	committed_at: Timestamp | null;
	/** When a commit began (set before its transaction): left set with no committed_at, it did not finish. */
	commit_started_at: Timestamp | null;
	result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export interface DelegateTables {
	delegate: DelegateTable;
	seating_row: SeatingRowTable;
	seat_assignment: SeatAssignmentTable;
	delegate_import: DelegateImportTable;
}
