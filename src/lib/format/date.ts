/**
 * Dates and times as Vietnamese documents print them, always in Asia/Ho_Chi_Minh whatever the
 * server's or the browser's own time zone. Rules: REFERENCE.md §4.2 (NĐ 30/2020, Phụ lục I).
 */

/** The one time zone every date in the app is shown in. */
export const VN_TZ = 'Asia/Ho_Chi_Minh';

/** Vietnam's offset from UTC in minutes. Vietnam has had no daylight saving time since 1975. */
const VN_OFFSET_MINUTES = 7 * 60;

/** What the date functions accept: a Date, a calendar date 'YYYY-MM-DD', or an ISO date-time. */
export type DateInput = Date | string;

/** Calendar and clock parts of an instant as read on a wall clock in Vietnam. */
export interface VnDateParts {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	/** 0 = Sunday … 6 = Saturday. */
	weekday: number;
}

// One formatter for the whole module: building Intl formatters is slow, and this one holds no
// per-user state. 'en-US' is only there to get plain ASCII digits; hourCycle 'h23' avoids the
// "24:05" that some engines print for midnight with hour12: false.
const partsFormatter = new Intl.DateTimeFormat('en-US', {
	timeZone: VN_TZ,
	year: 'numeric',
	month: 'numeric',
	day: 'numeric',
	hour: 'numeric',
	minute: 'numeric',
	hourCycle: 'h23'
});

const WEEKDAY_NAMES = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Date, optional time (T or space, as PostgreSQL prints timestamptz), optional zone.
const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** True when year-month-day is a real day of the Gregorian calendar. */
export function isValidCalendarDate(year: number, month: number, day: number): boolean {
	if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
	if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
	return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) {
		const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
		return leap ? 29 : 28;
	}
	return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Day of the week (0 = Sunday) of a calendar date, independent of any time zone. */
function weekdayOf(year: number, month: number, day: number): number {
	const d = new Date(Date.UTC(2000, month - 1, day));
	// setUTCFullYear, not Date.UTC(year, …): Date.UTC maps years 0–99 to 1900–1999.
	d.setUTCFullYear(year);
	return d.getUTCDay();
}

/** The instant at which a Vietnamese wall clock shows the given date and time. */
function vnWallTimeToDate(
	year: number,
	month: number,
	day: number,
	hour: number,
	minute: number,
	second = 0,
	ms = 0
): Date {
	const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
	d.setUTCFullYear(year);
	return new Date(d.getTime() - VN_OFFSET_MINUTES * 60_000);
}

function invalidDate(input: unknown): RangeError {
	return new RangeError(`Ngày giờ không hợp lệ: ${String(input)}`);
}

/**
 * Parses an ISO date-time string to an instant. A string without a zone is read as Vietnamese
 * wall time, not as the runtime's local time: that would differ between server and browser.
 */
function parseIsoInstant(s: string): Date {
	const m = ISO_DATE_TIME.exec(s);
	if (!m) throw invalidDate(s);
	const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
	const second = m[6] === undefined ? 0 : Number(m[6]);
	const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
	if (!isValidCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
		throw invalidDate(s);
	}
	const wall = vnWallTimeToDate(year, month, day, hour, minute, second, ms);
	const zone = m[8];
	if (zone === undefined) return wall;
	let offsetMinutes = 0;
	if (zone.toUpperCase() !== 'Z') {
		const sign = zone.startsWith('-') ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		const oh = Number(digits.slice(0, 2));
		const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
		if (oh > 23 || om > 59) throw invalidDate(s);
		offsetMinutes = sign * (oh * 60 + om);
	}
	// `wall` assumed +07:00; shift it to the offset the string actually carries.
	return new Date(wall.getTime() + (VN_OFFSET_MINUTES - offsetMinutes) * 60_000);
}

/**
 * Year, month, day, hour, minute and weekday (0 = Sunday) in Asia/Ho_Chi_Minh. A 'YYYY-MM-DD'
 * string is a calendar date (no zone shift, 00:00); other strings are ISO instants.
 */
export function vnDateParts(d: DateInput): VnDateParts {
	if (typeof d === 'string') {
		const s = d.trim();
		const cal = CALENDAR_DATE.exec(s);
		if (cal) {
			const [year, month, day] = [cal[1], cal[2], cal[3]].map(Number);
			if (!isValidCalendarDate(year, month, day)) throw invalidDate(d);
			return { year, month, day, hour: 0, minute: 0, weekday: weekdayOf(year, month, day) };
		}
		return vnDateParts(parseIsoInstant(s));
	}
	if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw invalidDate(d);
	const parts: Record<string, number> = {};
	for (const p of partsFormatter.formatToParts(d)) {
		if (p.type !== 'literal') parts[p.type] = Number(p.value);
	}
	const { year, month, day, hour, minute } = parts;
	return { year, month, day, hour, minute, weekday: weekdayOf(year, month, day) };
}

function pad2(n: number): string {
	return String(n).padStart(2, '0');
}

function pad4(n: number): string {
	return String(n).padStart(4, '0');
}

/** "ngày 05 tháng 4 năm 2024": day < 10 and months 1, 2 get a leading zero (NĐ 30/2020). */
export function formatDateLong(d: DateInput): string {
	const { year, month, day } = vnDateParts(d);
	const monthText = month <= 2 ? pad2(month) : String(month);
	return `ngày ${pad2(day)} tháng ${monthText} năm ${year}`;
}

/** "Ninh Thuận, ngày 05 tháng 4 năm 2024": the place-and-date line under the national motto. */
export function formatDateLine(place: string, d: DateInput): string {
	return `${place.trim()}, ${formatDateLong(d)}`;
}

/**
 * "Ninh Thuận, ngày      tháng      năm 2024" for a letter the văn thư dates by hand. The gaps are
 * ordinary spaces; HTML collapses them, so render the line with `white-space: pre`.
 */
export function formatBlankDateLine(place: string, year: number): string {
	const gap = ' '.repeat(6);
	return `${place.trim()}, ngày${gap}tháng${gap}năm ${year}`;
}

/** "05/04/2024" (dd/mm/yyyy, zero-padded) in Vietnamese time. */
export function formatDate(d: DateInput): string {
	const { year, month, day } = vnDateParts(d);
	return `${pad2(day)}/${pad2(month)}/${year}`;
}

/** "07:42" (24-hour clock) in Vietnamese time. */
export function formatTime(d: DateInput): string {
	const { hour, minute } = vnDateParts(d);
	return `${pad2(hour)}:${pad2(minute)}`;
}

/** "07:42 05/04/2024": time first, as Vietnamese lists print it. */
export function formatDateTime(d: DateInput): string {
	return `${formatTime(d)} ${formatDate(d)}`;
}

/** "07 giờ 30 phút" (also "14 giờ 00 phút"), as an invitation states the hour. */
export function formatTimeWords(d: DateInput): string {
	const { hour, minute } = vnDateParts(d);
	return `${pad2(hour)} giờ ${pad2(minute)} phút`;
}

/** "Thứ Hai" … "Thứ Bảy", "Chủ nhật" for the day in Vietnam. */
export function weekdayName(d: DateInput): string {
	return WEEKDAY_NAMES[vnDateParts(d).weekday];
}

/** "07 giờ 30 phút, Thứ Sáu, ngày 05 tháng 4 năm 2024": the time line of an invitation letter. */
export function formatEventWhen(d: DateInput): string {
	return `${formatTimeWords(d)}, ${weekdayName(d)}, ${formatDateLong(d)}`;
}

/** 'YYYY-MM-DDTHH:mm' in Vietnamese time, the value an <input type="datetime-local"> expects. */
export function toDateTimeLocalValue(d: Date): string {
	const { year, month, day, hour, minute } = vnDateParts(d);
	return `${pad4(year)}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}`;
}

/**
 * Reads a datetime-local value ('YYYY-MM-DDTHH:mm', seconds optional) as Vietnamese time (UTC+7
 * whatever the browser's zone). Returns null when malformed or impossible (2024-02-30, 24:00).
 */
export function parseDateTimeLocal(value: string): Date | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(
		value.trim()
	);
	if (!m) return null;
	const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
	const second = m[6] === undefined ? 0 : Number(m[6]);
	const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
	if (!isValidCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
		return null;
	}
	return vnWallTimeToDate(year, month, day, hour, minute, second, ms);
}

/**
 * Reads a date typed the Vietnamese way ("05/04/2024", "5/4/2024", "05-04-2024", "05.04.2024")
 * or as ISO ("2024-04-05") and returns 'YYYY-MM-DD', or null when malformed or impossible.
 * Two-digit years are refused: "05/04/24" could be 1924 on a birth date.
 */
export function parseVnDate(s: string): string | null {
	const t = s.trim();
	let year: number;
	let month: number;
	let day: number;
	const dayFirst = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(t);
	const yearFirst = /^(\d{4})([/-])(\d{1,2})\2(\d{1,2})$/.exec(t);
	if (dayFirst) {
		[day, month, year] = [dayFirst[1], dayFirst[3], dayFirst[4]].map(Number);
	} else if (yearFirst) {
		[year, month, day] = [yearFirst[1], yearFirst[3], yearFirst[4]].map(Number);
	} else {
		return null;
	}
	if (!isValidCalendarDate(year, month, day)) return null;
	return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}
