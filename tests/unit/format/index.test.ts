import { describe, it, expect } from 'vitest';
import * as format from '$lib/format';

describe('$lib/format index', () => {
	it('re-exports every module', () => {
		const names = [
			'VN_TZ',
			'vnDateParts',
			'formatDateLong',
			'formatDateLine',
			'formatBlankDateLine',
			'formatDate',
			'formatTime',
			'formatDateTime',
			'formatTimeWords',
			'weekdayName',
			'formatEventWhen',
			'toDateTimeLocalValue',
			'parseDateTimeLocal',
			'parseVnDate',
			'formatNumber',
			'formatDong',
			'formatVnd',
			'parseMoney',
			'formatDecimal',
			'numberToWords',
			'amountInWords',
			'normalizeText',
			'splitVietnameseName',
			'nameCollator',
			'compareVietnameseNames',
			'sortByVietnameseName',
			'stripSalutation',
			'guessSalutation',
			'searchKey',
			'matchesSearch',
			'normalizePhone',
			'formatPhone'
		];
		for (const name of names) {
			expect(format, name).toHaveProperty(name);
		}
	});

	it('composes: an award line for an NFD name', () => {
		const { salutation, name } = format.stripSalutation('Bà Nguyễn Thị Ánh'.normalize('NFD'));
		const words = format.amountInWords(2_340_000, { chan: true });
		const line = `${salutation} ${name}: ${format.formatDong(2_340_000)} (${words})`;
		expect(line).toBe(
			'Bà Nguyễn Thị Ánh: 2.340.000 đồng (Hai triệu ba trăm bốn mươi nghìn đồng chẵn)'
		);
	});
});
