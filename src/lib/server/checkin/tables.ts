/** Column types of the check-in tables (migrations/0004_checkin.ts). */
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '$lib/server/db/foundation-tables';

/** How an arrival was recorded. */
export type CheckInMethod = 'scan' | 'manual' | 'bulk' | 'walk_in' | 'offline_sync';
/** What a scan answered (stable codes: the scanner, the API and the tests rely on them). */
export type ScanResultCode =
	| 'ok'
	| 'already_checked_in'
	| 'invalid_token'
	| 'wrong_event'
	| 'cancelled'
	| 'replaced'
	| 'not_found';
export type ScanMethod = 'scan' | 'manual' | 'walk_in' | 'offline_sync' | 'offline_refused';
export type AttendanceStatus = 'present' | 'absent' | 'partial';

export interface CheckInTable {
	id: Generated<number>;
	event_id: number;
	delegate_id: number;
	method: CheckInMethod;
	/** The recorded arrival time: server time online, device time for offline scans, the earliest of them. */
	checked_in_at: Timestamp;
	/** The device's clock when it scanned (null for check-ins typed on the server). */
	client_time: Timestamp | null;
	server_time: Generated<Date>;
	/** Random id a scanner keeps in its local storage; '' for check-ins made on a page. */
	device_id: Generated<string>;
	/** "Cửa chính — máy 1": the name reception gave the device. */
	device_label: Generated<string>;
	/** The client nonce of the scan that is the recorded check-in (unique per device). */
	nonce: string | null;
	staff_user_id: number | null;
	staff_label: Generated<string>;
	undone_at: Timestamp | null;
	undone_by: number | null;
	undone_by_label: Generated<string>;
	undo_reason: Generated<string>;
}

export interface CheckinScanTable {
	id: Generated<number>;
	event_id: number;
	delegate_id: number | null;
	check_in_id: number | null;
	device_id: string;
	device_label: Generated<string>;
	nonce: string;
	method: ScanMethod;
	result: ScanResultCode;
	/** Why a scan was refused, in Vietnamese (for the report). */
	reason: Generated<string>;
	/** The start of what was scanned (never a whole valid token). */
	raw_excerpt: Generated<string>;
	client_time: Timestamp | null;
	server_time: Generated<Date>;
	staff_user_id: number | null;
	staff_label: Generated<string>;
	/** The answer given, replayed as is when the same nonce comes again. */
	response: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface AttendanceMarkTable {
	id: Generated<number>;
	event_id: number;
	delegate_id: number;
	status: AttendanceStatus;
	/** Reason of an absence, or what part of the day a partial attendance covered. */
	note: Generated<string>;
	marked_by: number | null;
	marked_by_label: Generated<string>;
	marked_at: Generated<Date>;
}

export interface CheckinTables {
	check_in: CheckInTable;
	checkin_scan: CheckinScanTable;
	attendance_mark: AttendanceMarkTable;
}
