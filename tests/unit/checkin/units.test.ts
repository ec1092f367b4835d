import { describe, expect, it } from 'vitest';
import { sortUnits } from '../../../src/lib/server/checkin/views';

describe('attendance by unit', () => {
	it('lists units in dictionary order of their whole name, not by their last word as a person’s name', () => {
		const units = ['UBND xã Phước Bình', 'Công an tỉnh', 'Sở Tài chính', 'Ban Dân tộc tỉnh', 'Sở Nội vụ', 'UBND xã An Hải'].map((unit) => ({
			unit,
			expected: 1,
			present: 0
		}));
		expect(sortUnits(units).map((u) => u.unit)).toEqual(['Ban Dân tộc tỉnh', 'Công an tỉnh', 'Sở Nội vụ', 'Sở Tài chính', 'UBND xã An Hải', 'UBND xã Phước Bình']);
	});

	it('treats decomposed accents as the same letters', () => {
		const nfd = 'Đoàn Thanh niên'.normalize('NFD');
		const sorted = sortUnits([{ unit: 'Ủy ban MTTQ tỉnh', expected: 1, present: 1 }, { unit: nfd, expected: 1, present: 0 }, { unit: 'Bảo hiểm xã hội', expected: 1, present: 0 }]);
		expect(sorted.map((u) => u.unit.normalize('NFC'))).toEqual(['Bảo hiểm xã hội', 'Đoàn Thanh niên', 'Ủy ban MTTQ tỉnh']);
	});
});
