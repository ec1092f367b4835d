import { describe, it, expect } from 'vitest';
import {
	VN_TZ,
	formatBlankDateLine,
	formatDate,
	formatDateLine,
	formatDateLong,
	formatDateTime,
	formatEventWhen,
	formatTime,
	formatTimeWords,
	isValidCalendarDate,
	parseDateTimeLocal,
	parseVnDate,
	toDateTimeLocalValue,
	vnDateParts,
	weekdayName
} from '$lib/format/date';

// 2024-04-05 07:30 in Vietnam (a Friday).
const FRIDAY_0730 = new Date('2024-04-05T00:30:00Z');

describe('VN_TZ', () => {
	it('is the Vietnamese IANA zone', () => {
		expect(VN_TZ).toBe('Asia/Ho_Chi_Minh');
	});
});

describe('vnDateParts', () => {
	it('reads a Date in Vietnamese time', () => {
		expect(vnDateParts(FRIDAY_0730)).toEqual({
			year: 2024,
			month: 4,
			day: 5,
			hour: 7,
			minute: 30,
			weekday: 5
		});
	});

	it('moves to the next day when UTC is still on the previous evening', () => {
		expect(vnDateParts(new Date('2024-04-04T17:30:00Z'))).toEqual({
			year: 2024,
			month: 4,
			day: 5,
			hour: 0,
			minute: 30,
			weekday: 5
		});
		expect(vnDateParts(new Date('2024-04-04T16:59:00Z'))).toMatchObject({ day: 4, hour: 23 });
		expect(vnDateParts(new Date('2024-04-04T17:00:00Z'))).toMatchObject({ day: 5, hour: 0 });
	});

	it('crosses the year boundary in Vietnamese time', () => {
		expect(vnDateParts(new Date('2023-12-31T17:00:00Z'))).toMatchObject({
			year: 2024,
			month: 1,
			day: 1,
			hour: 0,
			minute: 0,
			weekday: 1
		});
	});

	it('prints midnight as hour 0, never 24', () => {
		expect(vnDateParts(new Date('2024-06-30T17:05:00Z'))).toMatchObject({ hour: 0, minute: 5 });
	});

	it('treats YYYY-MM-DD as a calendar date without zone shift', () => {
		expect(vnDateParts('2024-04-05')).toEqual({
			year: 2024,
			month: 4,
			day: 5,
			hour: 0,
			minute: 0,
			weekday: 5
		});
		expect(vnDateParts('2024-01-01').weekday).toBe(1);
		expect(vnDateParts('2024-02-29')).toMatchObject({ month: 2, day: 29, weekday: 4 });
	});

	it('parses ISO instants with a zone', () => {
		expect(vnDateParts('2024-04-04T17:30:00Z')).toMatchObject({ day: 5, hour: 0, minute: 30 });
		expect(vnDateParts('2024-04-04T17:30:00.000Z')).toMatchObject({ day: 5, hour: 0 });
		expect(vnDateParts('2024-04-05T07:30:00+07:00')).toMatchObject({ day: 5, hour: 7, minute: 30 });
		expect(vnDateParts('2024-04-05T02:30:00+02:00')).toMatchObject({ day: 5, hour: 7, minute: 30 });
		expect(vnDateParts('2024-04-04T20:30:00-05:00')).toMatchObject({ day: 5, hour: 8, minute: 30 });
	});

	it('parses PostgreSQL timestamptz text ("+07" zone, space separator)', () => {
		expect(vnDateParts('2024-04-05 07:30:00+07')).toMatchObject({ day: 5, hour: 7, minute: 30 });
		expect(vnDateParts('2024-04-05 00:30:00.123456+00')).toMatchObject({ hour: 7, minute: 30 });
		expect(vnDateParts('2024-04-05 05:00:00+0530')).toMatchObject({ hour: 6, minute: 30 });
	});

	it('reads an ISO date-time without zone as Vietnamese wall time', () => {
		expect(vnDateParts('2024-04-05T07:30')).toMatchObject({ day: 5, hour: 7, minute: 30 });
		expect(vnDateParts('2024-04-05 23:59:59')).toMatchObject({ day: 5, hour: 23, minute: 59 });
	});

	it('throws a RangeError on impossible or malformed input', () => {
		expect(() => vnDateParts('2024-02-30')).toThrow(RangeError);
		expect(() => vnDateParts('2023-02-29')).toThrow(RangeError);
		expect(() => vnDateParts('2024-13-01')).toThrow(RangeError);
		expect(() => vnDateParts('2024-04-05T24:00')).toThrow(RangeError);
		expect(() => vnDateParts('05/04/2024')).toThrow(RangeError);
		expect(() => vnDateParts('hôm nay')).toThrow(RangeError);
		expect(() => vnDateParts('')).toThrow(RangeError);
		expect(() => vnDateParts(new Date('nope'))).toThrow(RangeError);
	});
});

describe('formatDateLong (NĐ 30/2020 padding)', () => {
	it('pads days below 10 and months 1 and 2 only', () => {
		expect(formatDateLong('2024-04-05')).toBe('ngày 05 tháng 4 năm 2024');
		expect(formatDateLong('2023-02-01')).toBe('ngày 01 tháng 02 năm 2023');
		expect(formatDateLong('2024-01-15')).toBe('ngày 15 tháng 01 năm 2024');
		expect(formatDateLong('2024-03-09')).toBe('ngày 09 tháng 3 năm 2024');
		expect(formatDateLong('2024-03-10')).toBe('ngày 10 tháng 3 năm 2024');
		expect(formatDateLong('2024-09-30')).toBe('ngày 30 tháng 9 năm 2024');
		expect(formatDateLong('2024-10-01')).toBe('ngày 01 tháng 10 năm 2024');
		expect(formatDateLong('2024-11-11')).toBe('ngày 11 tháng 11 năm 2024');
		expect(formatDateLong('2024-12-31')).toBe('ngày 31 tháng 12 năm 2024');
	});

	it('uses the Vietnamese calendar day of an instant', () => {
		expect(formatDateLong(new Date('2024-04-04T17:30:00Z'))).toBe('ngày 05 tháng 4 năm 2024');
		expect(formatDateLong(new Date('2024-02-29T16:59:59Z'))).toBe('ngày 29 tháng 02 năm 2024');
		expect(formatDateLong(new Date('2024-02-29T17:00:00Z'))).toBe('ngày 01 tháng 3 năm 2024');
	});
});

describe('formatDateLine / formatBlankDateLine', () => {
	it('puts the place before the date', () => {
		expect(formatDateLine('Ninh Thuận', '2024-04-05')).toBe('Ninh Thuận, ngày 05 tháng 4 năm 2024');
		expect(formatDateLine('Hà Nội', '2023-02-01')).toBe('Hà Nội, ngày 01 tháng 02 năm 2023');
		expect(formatDateLine(' Khánh Hòa ', new Date('2025-07-01T03:00:00Z'))).toBe(
			'Khánh Hòa, ngày 01 tháng 7 năm 2025'
		);
	});

	it('leaves gaps for a date written by hand', () => {
		expect(formatBlankDateLine('Ninh Thuận', 2024)).toBe(
			'Ninh Thuận, ngày      tháng      năm 2024'
		);
	});
});

describe('short date and time forms', () => {
	it('formatDate is dd/mm/yyyy, zero-padded', () => {
		expect(formatDate('2024-04-05')).toBe('05/04/2024');
		expect(formatDate('2024-12-31')).toBe('31/12/2024');
		expect(formatDate(new Date('2024-04-04T17:30:00Z'))).toBe('05/04/2024');
	});

	it('formatTime is 24-hour in Vietnamese time', () => {
		expect(formatTime(new Date('2024-04-05T00:42:00Z'))).toBe('07:42');
		expect(formatTime(new Date('2024-04-05T07:00:00Z'))).toBe('14:00');
		expect(formatTime(new Date('2024-04-04T17:30:00Z'))).toBe('00:30');
		expect(formatTime('2024-04-05')).toBe('00:00');
	});

	it('formatDateTime puts the time first', () => {
		expect(formatDateTime(new Date('2024-04-05T00:42:00Z'))).toBe('07:42 05/04/2024');
		expect(formatDateTime(new Date('2024-04-04T17:30:00Z'))).toBe('00:30 05/04/2024');
	});

	it('formatTimeWords pads hours and minutes', () => {
		expect(formatTimeWords(FRIDAY_0730)).toBe('07 giờ 30 phút');
		expect(formatTimeWords(new Date('2024-04-05T07:00:00Z'))).toBe('14 giờ 00 phút');
		expect(formatTimeWords(new Date('2024-04-05T01:05:00Z'))).toBe('08 giờ 05 phút');
	});
});

describe('weekdayName', () => {
	it('names every day of a week', () => {
		const days = ['01', '02', '03', '04', '05', '06', '07'].map((d) => weekdayName(`2024-04-${d}`));
		expect(days).toEqual([
			'Thứ Hai',
			'Thứ Ba',
			'Thứ Tư',
			'Thứ Năm',
			'Thứ Sáu',
			'Thứ Bảy',
			'Chủ nhật'
		]);
	});

	it('uses the Vietnamese day of an instant', () => {
		// Thursday evening in UTC is already Friday in Vietnam.
		expect(weekdayName(new Date('2024-04-04T17:30:00Z'))).toBe('Thứ Sáu');
	});
});

describe('formatEventWhen', () => {
	it('is the invitation time line', () => {
		expect(formatEventWhen(FRIDAY_0730)).toBe('07 giờ 30 phút, Thứ Sáu, ngày 05 tháng 4 năm 2024');
		expect(formatEventWhen('2025-01-05T14:00+07:00')).toBe(
			'14 giờ 00 phút, Chủ nhật, ngày 05 tháng 01 năm 2025'
		);
	});
});

describe('datetime-local round trip', () => {
	it('toDateTimeLocalValue gives VN wall time', () => {
		expect(toDateTimeLocalValue(FRIDAY_0730)).toBe('2024-04-05T07:30');
		expect(toDateTimeLocalValue(new Date('2024-04-04T17:30:00Z'))).toBe('2024-04-05T00:30');
	});

	it('parseDateTimeLocal reads the value as UTC+7', () => {
		expect(parseDateTimeLocal('2024-04-05T07:30')?.toISOString()).toBe('2024-04-05T00:30:00.000Z');
		expect(parseDateTimeLocal('2024-04-05T00:30')?.toISOString()).toBe('2024-04-04T17:30:00.000Z');
		expect(parseDateTimeLocal('2024-04-05T07:30:15')?.toISOString()).toBe(
			'2024-04-05T00:30:15.000Z'
		);
		expect(parseDateTimeLocal('2024-04-05T07:30:15.5')?.toISOString()).toBe(
			'2024-04-05T00:30:15.500Z'
		);
	});

	it('round-trips', () => {
		for (const v of ['2024-01-01T00:00', '2024-02-29T23:59', '2025-12-31T12:34']) {
			const d = parseDateTimeLocal(v);
			expect(d).not.toBeNull();
			expect(toDateTimeLocalValue(d as Date)).toBe(v);
		}
	});

	it('returns null for malformed or impossible values', () => {
		for (const bad of [
			'',
			'2024-02-30T10:00',
			'2023-02-29T10:00',
			'2024-04-31T10:00',
			'2024-13-01T10:00',
			'2024-00-10T10:00',
			'2024-04-05T24:00',
			'2024-04-05T10:60',
			'2024-04-05',
			'2024-04-05 10:00',
			'05/04/2024 10:00',
			'2024-4-5T7:30',
			'abc'
		]) {
			expect(parseDateTimeLocal(bad), bad).toBeNull();
		}
	});
});

describe('parseVnDate', () => {
	it('accepts the usual ways of typing a date', () => {
		expect(parseVnDate('05/04/2024')).toBe('2024-04-05');
		expect(parseVnDate('5/4/2024')).toBe('2024-04-05');
		expect(parseVnDate('05-04-2024')).toBe('2024-04-05');
		expect(parseVnDate('05.04.2024')).toBe('2024-04-05');
		expect(parseVnDate('2024-04-05')).toBe('2024-04-05');
		expect(parseVnDate('2024/4/5')).toBe('2024-04-05');
		expect(parseVnDate('  29/02/2024 ')).toBe('2024-02-29');
		expect(parseVnDate('31/12/1950')).toBe('1950-12-31');
	});

	it('reads day first, never month first', () => {
		expect(parseVnDate('12/01/2024')).toBe('2024-01-12');
		expect(parseVnDate('01/12/2024')).toBe('2024-12-01');
	});

	it('returns null for impossible or ambiguous dates', () => {
		for (const bad of [
			'30/02/2024',
			'29/02/2023',
			'31/04/2024',
			'00/04/2024',
			'05/13/2024',
			'05/00/2024',
			'05/04/24',
			'05/04-2024',
			'2024-02-30',
			'2024-04-05T10:00',
			'5 tháng 4 năm 2024',
			'',
			'abc'
		]) {
			expect(parseVnDate(bad), bad).toBeNull();
		}
	});

	it('accepts 29 February only in leap years (including 2000, not 1900)', () => {
		expect(parseVnDate('29/02/2000')).toBe('2000-02-29');
		expect(parseVnDate('29/02/1900')).toBeNull();
		expect(parseVnDate('29/02/2100')).toBeNull();
	});
});

describe('isValidCalendarDate', () => {
	it('knows month lengths', () => {
		expect(isValidCalendarDate(2024, 4, 30)).toBe(true);
		expect(isValidCalendarDate(2024, 4, 31)).toBe(false);
		expect(isValidCalendarDate(2024, 2, 29)).toBe(true);
		expect(isValidCalendarDate(2024, 2, 30)).toBe(false);
		expect(isValidCalendarDate(2024, 1.5, 1)).toBe(false);
	});
});
