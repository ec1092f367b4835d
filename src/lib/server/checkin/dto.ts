/** Shapes the scanner, the live page and the API exchange (JSON-safe: dates as ISO strings). */
import type { AttendanceStatus, CheckInMethod, ScanResultCode } from './tables';

export interface DelegateCard {
	id: number;
	kind: 'person' | 'unit';
	salutation: string | null;
	/** The person's name, or for a unit invitation whom it is addressed to. */
	name: string;
	position: string;
	unit: string;
	tierId: number;
	tierName: string;
	tierPosition: number;
	isLeader: boolean;
	seat: string;
	code: string;
	walkIn: boolean;
	replyStatus: string;
}

export interface CheckInInfo {
	id: number;
	/** Recorded arrival (ISO). */
	at: string;
	method: CheckInMethod;
	/** Who checked the delegate in (staff name). */
	by: string;
	/** Which device ('' when done on a page). */
	device: string;
}

export interface ScanWarning {
	code: 'declined' | 'clock' | 'not_today';
	message: string;
}

export interface ScanResult {
	code: ScanResultCode;
	/** The headline, in Vietnamese. */
	message: string;
	/** Why it was refused (refusals only). */
	reason?: string;
	delegate?: DelegateCard;
	/** ok: the new check-in; already_checked_in: the earlier one. */
	checkIn?: CheckInInfo;
	/** replaced: who comes instead. */
	substitute?: DelegateCard | null;
	warnings: ScanWarning[];
	/** An offline scan earlier than the recorded one moved the recorded time back. */
	corrected?: { from: string; to: string };
	/** The same nonce came before: this is the answer given then. */
	replayed?: boolean;
}

/** One delegate in the offline roster (short keys: the roster travels to every scanner). */
export interface RosterEntry {
	id: number;
	/** SHA-256 (hex) of the current token. */
	h: string;
	/** Hashes of earlier tokens of this delegate (revoked by a reissue, a substitution, a cancellation). */
	oh?: string[];
	code: string;
	kind: 'person' | 'unit';
	sal: string | null;
	name: string;
	pos: string;
	unit: string;
	tier: number;
	seat: string;
	st: 'active' | 'cancelled' | 'replaced';
	reply: string;
	walkIn?: boolean;
	/** searchKey of name, unit, position, phone, email, code. */
	key: string;
	/** The substitute named by a replaced delegate. */
	sub?: { name: string; pos: string } | null;
	/** Checked in already: recorded time, by whom, which device. */
	in?: { at: string; by: string; device: string } | null;
}

export interface Roster {
	eventId: number;
	generatedAt: string;
	tiers: { id: number; name: string; position: number; isLeader: boolean }[];
	delegates: RosterEntry[];
}

export interface TierCount {
	tierId: number;
	name: string;
	position: number;
	isLeader: boolean;
	expected: number;
	present: number;
}

export interface UnitCount {
	unit: string;
	expected: number;
	present: number;
}

export interface Arrival {
	delegateId: number;
	name: string;
	salutation: string | null;
	position: string;
	unit: string;
	tierName: string;
	isLeader: boolean;
	walkIn: boolean;
	at: string;
	by: string;
	device: string;
	method: CheckInMethod;
}

export interface LeaderRow {
	delegateId: number;
	name: string;
	salutation: string | null;
	position: string;
	unit: string;
	tierName: string;
	seat: string;
	present: boolean;
	at: string | null;
	/** Declined in their reply (with the note), so the MC does not wait for them. */
	declined: boolean;
	replyNote: string;
}

export interface LiveSummary {
	eventId: number;
	expected: number;
	present: number;
	/** Whole percent of expected who are present (0 when nobody is expected). */
	percent: number;
	walkIns: number;
	refused: number;
	/** Devices that sent a scan in the last 10 minutes. */
	activeDevices: number;
	byTier: TierCount[];
	byUnit: UnitCount[];
	latest: Arrival[];
	/** Delegates of leader tiers in protocol order: the MC introduces the present ones. */
	leaders: LeaderRow[];
	updatedAt: string;
}

export type AttendanceState = 'present' | 'partial' | 'absent' | 'unknown';

export interface AttendanceRow {
	delegate: DelegateCard;
	status: 'active' | 'cancelled' | 'replaced';
	checkIn: CheckInInfo | null;
	mark: { status: AttendanceStatus; note: string; by: string; at: string } | null;
	/** What the report says: present (door or mark), partial, absent (marked), unknown (no sign). */
	state: AttendanceState;
	/** Why absent: the mark's note, else the reply's note when the delegate declined. */
	absenceReason: string;
	replyNote: string;
}

export interface RefusedScan {
	id: number;
	at: string;
	result: ScanResultCode;
	reason: string;
	excerpt: string;
	device: string;
	by: string;
	delegateName: string | null;
	method: string;
}
