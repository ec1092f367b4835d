import { describe, expect, it } from 'vitest';
import { defaultProtocolRank, rankLevel, RANK_RULES, UNKNOWN_RANK } from '$lib/server/delegates/rank';
import { ranksForOrder } from '$lib/server/delegates/service';
import { seatOrder, seatNumbers, roleLine } from '$lib/server/delegates/seating';
import { looksLikeUnitInvitation, unitOfAddressee, cleanFilename } from '$lib/server/delegates/import';

describe('default protocol rank', () => {
	it('follows Tỉnh ủy → HĐND → UBND → MTTQ → ĐBQH → sở → xã → phòng → chuyên viên', () => {
		const list: [string, string][] = [
			['Bí thư Tỉnh ủy', 'Tỉnh ủy'],
			['Phó Bí thư Thường trực Tỉnh ủy', 'Tỉnh ủy'],
			['Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh', 'UBND tỉnh'],
			['Trưởng Ban Dân vận Tỉnh ủy', 'Ban Dân vận Tỉnh ủy'],
			['Chủ tịch Hội đồng nhân dân tỉnh', 'Hội đồng nhân dân tỉnh'],
			['Phó Chủ tịch HĐND tỉnh', 'HĐND tỉnh'],
			['Chủ tịch Ủy ban nhân dân tỉnh', 'Ủy ban nhân dân tỉnh'],
			['Phó Chủ tịch UBND tỉnh', 'UBND tỉnh'],
			['Chủ tịch Ủy ban MTTQ Việt Nam tỉnh', 'Ủy ban MTTQ Việt Nam tỉnh'],
			['Phó Trưởng Đoàn chuyên trách Đoàn ĐBQH tỉnh', 'Đoàn đại biểu Quốc hội tỉnh'],
			['Chánh Văn phòng', 'Văn phòng Ủy ban nhân dân tỉnh'],
			['Giám đốc', 'Sở Lao động - Thương binh và Xã hội'],
			['Chủ tịch', 'Hội Liên hiệp Phụ nữ tỉnh'],
			['Phó Chánh Văn phòng', 'Văn phòng Ủy ban nhân dân tỉnh'],
			['Phó giám đốc', 'Sở Y tế'],
			['Bí thư Huyện ủy', 'Huyện ủy Bác Ái'],
			['Chủ tịch Ủy ban nhân dân', 'UBND xã Phước Hậu'],
			['Phó Chủ tịch UBND', 'UBND phường Đông Hải'],
			['Trưởng phòng Bảo trợ xã hội', 'Sở Nội vụ'],
			['Chuyên viên', 'UBND phường Đông Hải'],
			['Trưởng thôn', 'UBND xã Mỹ Sơn'],
			['Phóng viên', 'Báo Khánh Hòa']
		];
		const ranks = list.map(([p, u]) => defaultProtocolRank(p, u));
		expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
		expect(new Set(ranks).size).toBe(ranks.length);
		expect(ranks[0]).toBe(100);
	});

	it('tells the levels apart (xã hội is not a commune, Bộ Chỉ huy Quân sự tỉnh is provincial)', () => {
		expect(rankLevel('Giám đốc', 'Sở Lao động - Thương binh và Xã hội')).toBe('province');
		expect(rankLevel('Giám đốc', 'Ngân hàng Chính sách xã hội chi nhánh tỉnh')).toBe('province');
		expect(rankLevel('Chỉ huy trưởng', 'Bộ Chỉ huy Quân sự tỉnh')).toBe('province');
		expect(rankLevel('Thứ trưởng', 'Bộ Nông nghiệp và Môi trường')).toBe('central');
		expect(rankLevel('Chủ tịch', 'UBND xã Phước Bình')).toBe('local');
		expect(rankLevel('Chủ tịch UBND phường Nha Trang', '')).toBe('local');
		expect(rankLevel('Chủ tịch UBND', 'UBND thành phố Phan Rang - Tháp Chàm')).toBe('local');
		expect(rankLevel('Chủ tịch UBND', 'UBND thành phố Đà Nẵng')).toBe('province');
	});

	it('does not mistake words: Bảo trợ is not a newspaper, a company director is not a sở director', () => {
		expect(defaultProtocolRank('Chuyên viên phòng Bảo trợ xã hội', 'Sở Nội vụ')).toBe(900);
		expect(defaultProtocolRank('Giám đốc', 'Công ty TNHH Thủy sản Cam Ranh')).toBe(930);
		expect(defaultProtocolRank('Bí thư Chi bộ thôn', 'UBND xã Lợi Hải')).toBe(920);
		expect(defaultProtocolRank('Bí thư', 'Tỉnh đoàn')).toBe(620);
		expect(defaultProtocolRank('', '')).toBe(UNKNOWN_RANK);
		expect(defaultProtocolRank('Nghệ nhân', 'Làng gốm Bàu Trúc')).toBe(UNKNOWN_RANK);
	});

	it('labels every rule in Vietnamese', () => {
		for (const r of RANK_RULES) expect(r.label.length).toBeGreaterThan(3);
	});
});

describe('order and seats', () => {
	it('changes as few ranks as possible when a list is reordered', () => {
		expect(ranksForOrder([100, 200, 300])).toEqual([100, 200, 300]);
		// The last moved to the top takes the first's rank.
		expect(ranksForOrder([300, 100, 200])).toEqual([100, 100, 200]);
		// The first moved to the bottom takes the one above it.
		expect(ranksForOrder([200, 300, 100])).toEqual([200, 300, 300]);
		expect(ranksForOrder([100, 500, 200, 300])).toEqual([100, 100, 200, 300]);
		expect(ranksForOrder([])).toEqual([]);
	});

	it('numbers seats from the centre, 2 at the right of 1 (the hall’s left), or from one end', () => {
		expect(seatOrder(1, 'centre')).toEqual([1]);
		expect(seatOrder(5, 'centre')).toEqual([3, 2, 4, 1, 5]);
		expect(seatOrder(6, 'centre')).toEqual([4, 3, 5, 2, 6, 1]);
		expect(seatOrder(4, 'left')).toEqual([1, 2, 3, 4]);
		expect(seatOrder(4, 'right')).toEqual([4, 3, 2, 1]);
		expect([...seatNumbers(7, 'centre')].sort((a, b) => a[0] - b[0]).map(([, n]) => n)).toEqual([6, 4, 2, 1, 3, 5, 7]);
		expect(roleLine('Giám đốc', 'Sở Tài chính')).toBe('Giám đốc Sở Tài chính');
		expect(roleLine('Chủ tịch UBND tỉnh', 'UBND tỉnh')).toBe('Chủ tịch UBND tỉnh');
	});
});

describe('import helpers', () => {
	it('reads an office or a role in the name column as a unit invitation, never a person', () => {
		for (const s of ['Lãnh đạo Sở Tài chính', 'Đại diện lãnh đạo UBND xã Phước Bình', 'UBND xã Phước Hà', 'Sở Y tế tỉnh', 'Hội Nông dân tỉnh', 'Thường trực HĐND tỉnh'])
			expect(looksLikeUnitInvitation(s), s).toBe(true);
		for (const s of ['Nguyễn Văn Sở', 'Bàn Văn Hội', 'Sơn Thị Mai', 'Hồ Thị Phòng', 'Lê Thị Bảo', 'Ban Văn An'])
			expect(looksLikeUnitInvitation(s), s).toBe(false);
		// A short office word that starts a person's name, with another unit on the row: a person.
		expect(looksLikeUnitInvitation('Báo Quốc Tuấn', 'UBND xã Ma Nới')).toBe(false);
		expect(looksLikeUnitInvitation('Báo Khánh Hòa Online', '')).toBe(true);
		expect(looksLikeUnitInvitation('Sở Y tế tỉnh', 'Sở Y tế')).toBe(true);
		expect(unitOfAddressee('Lãnh đạo Sở Tài chính')).toBe('Sở Tài chính');
		expect(unitOfAddressee('Đại diện lãnh đạo UBND xã Phước Bình')).toBe('UBND xã Phước Bình');
		expect(cleanFilename('../../etc/pass<wd>.xlsx')).toBe('passwd.xlsx');
		expect(cleanFilename('C:\\Users\\Văn thư\\DS đại biểu.xlsx')).toBe('DS đại biểu.xlsx');
	});
});

describe('unit letters', () => {
	it('rank as the head of the office unless a role is named', async () => {
		const { unitLetterRank } = await import('$lib/server/delegates/rank');
		expect(unitLetterRank('', 'Sở Tài chính', 'Lãnh đạo Sở Tài chính')).toBe(610);
		expect(unitLetterRank('', 'UBND phường Nam Nha Trang')).toBe(730);
		expect(unitLetterRank('', '', 'UBND xã Phước Hà')).toBe(730);
		expect(unitLetterRank('Phó Chủ tịch', 'UBND xã Tri Hải')).toBe(750);
	});
});
