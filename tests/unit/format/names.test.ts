import { describe, it, expect } from 'vitest';
import {
	compareVietnameseNames,
	guessSalutation,
	nameCollator,
	normalizeText,
	sortByVietnameseName,
	splitVietnameseName,
	stripSalutation
} from '$lib/format/names';

const nfd = (s: string) => s.normalize('NFD');

function expectStripped(raw: string, salutation: 'Ông' | 'Bà' | null, name: string) {
	expect(stripSalutation(raw), raw).toEqual({ salutation, name });
}

describe('normalizeText', () => {
	it('composes NFD input', () => {
		expect(normalizeText(nfd('Nguyễn Thị Hồng'))).toBe('Nguyễn Thị Hồng');
		expect(normalizeText(nfd('Nguyễn'))).toBe('Nguyễn'.normalize('NFC'));
	});

	it('removes zero-width and control characters without splitting words', () => {
		expect(normalizeText('Ngu\u200byễn\u200d Văn\ufeff A')).toBe('Nguyễn Văn A');
		expect(normalizeText('\ufeffLê Thị\u0000 B\u0007')).toBe('Lê Thị B');
		expect(normalizeText('Trần\u00adVăn C')).toBe('TrầnVăn C');
	});

	it('turns non-breaking spaces, tabs and newlines into single spaces and trims', () => {
		expect(normalizeText('  Nguyễn\u00a0Văn\u202f\tA \r\n')).toBe('Nguyễn Văn A');
		expect(normalizeText('Lê   Thị    B')).toBe('Lê Thị B');
		expect(normalizeText('\u3000Bùi\u2003Dung ')).toBe('Bùi Dung');
		expect(normalizeText('')).toBe('');
		expect(normalizeText(' \u00a0 ')).toBe('');
	});
});

describe('splitVietnameseName', () => {
	it('splits family, middle and given names', () => {
		expect(splitVietnameseName('Nguyễn Văn An')).toEqual({
			family: 'Nguyễn',
			middle: 'Văn',
			given: 'An'
		});
		expect(splitVietnameseName('Nguyễn Thị Minh Khai')).toEqual({
			family: 'Nguyễn',
			middle: 'Thị Minh',
			given: 'Khai'
		});
		expect(splitVietnameseName('Lê Lợi')).toEqual({ family: 'Lê', middle: '', given: 'Lợi' });
	});

	it('treats a one-word name as the given name', () => {
		expect(splitVietnameseName('Hùng')).toEqual({ family: '', middle: '', given: 'Hùng' });
		expect(splitVietnameseName('   ')).toEqual({ family: '', middle: '', given: '' });
	});

	it('normalises first', () => {
		expect(splitVietnameseName(nfd('  Trần\u00a0 Thị   Bình '))).toEqual({
			family: 'Trần',
			middle: 'Thị',
			given: 'Bình'
		});
	});
});

describe('nameCollator', () => {
	it('uses Vietnamese dictionary order (tones: huyền, hỏi, ngã, sắc, nặng)', () => {
		const expected = 'Anh Ành Ảnh Ãnh Ánh Ạnh Ăn Ân Bình Dũng Đức Ong Ông Ơn'.split(' ');
		const shuffled = [...expected].reverse();
		expect(shuffled.sort(nameCollator.compare)).toEqual(expected);
	});

	it('orders every tone on every vowel', () => {
		for (const [plain, ...toned] of [
			['a', 'à', 'ả', 'ã', 'á', 'ạ'],
			['e', 'è', 'ẻ', 'ẽ', 'é', 'ẹ'],
			['i', 'ì', 'ỉ', 'ĩ', 'í', 'ị'],
			['o', 'ò', 'ỏ', 'õ', 'ó', 'ọ'],
			['u', 'ù', 'ủ', 'ũ', 'ú', 'ụ'],
			['y', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ']
		]) {
			const expected = [plain, ...toned];
			expect([...expected].reverse().sort(nameCollator.compare)).toEqual(expected);
		}
	});

	it('puts ă, â after a; đ after d; ê after e; ô, ơ after o; ư after u', () => {
		const expected = ['a', 'ă', 'â', 'b', 'd', 'đ', 'e', 'ê', 'o', 'ô', 'ơ', 'u', 'ư', 'v'];
		expect([...expected].reverse().sort(nameCollator.compare)).toEqual(expected);
	});

	it('sorts numbers numerically', () => {
		expect(['Tổ 10', 'Tổ 9', 'Tổ 1'].sort(nameCollator.compare)).toEqual(['Tổ 1', 'Tổ 9', 'Tổ 10']);
	});
});

describe('compareVietnameseNames', () => {
	const expected = [
		'Lê Văn An',
		'Nguyễn Văn An',
		'Phạm Minh Anh',
		'Nguyễn Thị Ánh',
		'Trần Thị Bình',
		'Bùi Thị Dung',
		'Đỗ Văn Đức'
	];

	it('sorts by given name, then middle, then family', () => {
		const shuffled = [4, 6, 1, 3, 0, 5, 2].map((i) => expected[i]);
		expect([...shuffled].sort(compareVietnameseNames)).toEqual(expected);
		expect([...expected].reverse().sort(compareVietnameseNames)).toEqual(expected);
	});

	it('compares middle names before family names', () => {
		expect(compareVietnameseNames('Trần Thị An', 'Lê Văn An')).toBeLessThan(0);
		expect(compareVietnameseNames('Lê Văn An', 'Nguyễn Văn An')).toBeLessThan(0);
		expect(compareVietnameseNames('Vũ An', 'Lê Văn An')).toBeLessThan(0);
	});

	it('orders given names with every tone', () => {
		const names = [
			'Lê Văn Anh',
			'Lê Văn Ành',
			'Lê Văn Ảnh',
			'Lê Văn Ãnh',
			'Lê Văn Ánh',
			'Lê Văn Ạnh',
			'Lê Văn Ăn',
			'Lê Văn Ân'
		];
		expect([...names].reverse().sort(compareVietnameseNames)).toEqual(names);
	});

	it('treats NFD and NFC, spacing and invisible characters alike', () => {
		expect(compareVietnameseNames(nfd('Nguyễn Thị Ánh'), 'Nguyễn Thị Ánh')).toBe(0);
		expect(compareVietnameseNames(' Nguyễn\u00a0Thị  Ánh\u200b', 'Nguyễn Thị Ánh')).toBe(0);
		const mixed = expected.map((n, i) => (i % 2 ? nfd(n) : n));
		expect(
			[...mixed].reverse().sort(compareVietnameseNames).map((n) => n.normalize('NFC'))
		).toEqual(expected);
	});

	it('is 0 only for the same name and antisymmetric otherwise', () => {
		expect(compareVietnameseNames('Lê Văn An', 'Lê Văn An')).toBe(0);
		expect(Math.sign(compareVietnameseNames('Lê Văn An', 'Lê Văn Ân'))).toBe(
			-Math.sign(compareVietnameseNames('Lê Văn Ân', 'Lê Văn An'))
		);
		expect(compareVietnameseNames('lê văn an', 'Lê Văn An')).not.toBe(0);
	});
});

describe('sortByVietnameseName', () => {
	it('returns a new sorted array and leaves the input alone', () => {
		const people = [
			{ id: 1, name: 'Đỗ Văn Đức' },
			{ id: 2, name: 'Nguyễn Thị Ánh' },
			{ id: 3, name: 'Lê Văn An' }
		];
		const copy = [...people];
		const sorted = sortByVietnameseName(people, (p) => p.name);
		expect(sorted.map((p) => p.id)).toEqual([3, 2, 1]);
		expect(sorted).not.toBe(people);
		expect(people).toEqual(copy);
	});

	it('is stable for equal names', () => {
		const rows = [
			{ id: 'a', name: 'Lê Văn An' },
			{ id: 'b', name: 'Bùi Thị Dung' },
			{ id: 'c', name: nfd('Lê Văn An') },
			{ id: 'd', name: 'Lê  Văn An' }
		];
		const ids = sortByVietnameseName(rows, (r) => r.name).map((r) => r.id);
		expect(ids).toEqual(['a', 'c', 'd', 'b']);
	});

	it('handles an empty list', () => {
		expect(sortByVietnameseName([], (x: string) => x)).toEqual([]);
	});
});

describe('stripSalutation', () => {
	it('strips "Ông" and "Bà" in their usual forms', () => {
		expectStripped('Ông Nguyễn Văn A', 'Ông', 'Nguyễn Văn A');
		expectStripped('ông  Nguyễn', 'Ông', 'Nguyễn');
		expectStripped('Bà: Lê Thị B', 'Bà', 'Lê Thị B');
		expectStripped('BÀ LÊ THỊ B', 'Bà', 'LÊ THỊ B');
		expectStripped('Ông. Trần Văn C', 'Ông', 'Trần Văn C');
		expectStripped(' bà\u00a0Lê Thị B ', 'Bà', 'Lê Thị B');
	});

	it('strips "Ô." and "B." only before a space and a capital', () => {
		expectStripped('Ô. Trần Văn C', 'Ông', 'Trần Văn C');
		expectStripped('B. Lê Thị D', 'Bà', 'Lê Thị D');
		expectStripped('B. lê thị d', null, 'B. lê thị d');
		expectStripped('B.Lê Thị D', null, 'B.Lê Thị D');
	});

	it('strips "Đồng chí" and "Đ/c" without a salutation', () => {
		expectStripped('Đồng chí Nguyễn Văn A', null, 'Nguyễn Văn A');
		expectStripped('đồng chí Nguyễn Văn A', null, 'Nguyễn Văn A');
		expectStripped('ĐỒNG CHÍ NGUYỄN VĂN A', null, 'NGUYỄN VĂN A');
		expectStripped('Đ/c Trần Văn B', null, 'Trần Văn B');
		expectStripped('Đồng chí: Lê Thị C', null, 'Lê Thị C');
	});

	it('keeps the family name "Đồng" when it is a name', () => {
		expectStripped('Đồng Chí Thanh', null, 'Đồng Chí Thanh');
		expectStripped('Đồng Văn Minh', null, 'Đồng Văn Minh');
	});

	it('strips "Ông/Bà" without deciding', () => {
		expectStripped('Ông/Bà Nguyễn Văn A', null, 'Nguyễn Văn A');
		expectStripped('Ông / Bà: Nguyễn Văn A', null, 'Nguyễn Văn A');
	});

	it('always strips "Ông", even before a name such as Ích Khiêm', () => {
		expectStripped('Ông Ích Khiêm', 'Ông', 'Ích Khiêm');
	});

	it('leaves names that only start like a salutation', () => {
		expectStripped('Bàng Văn A', null, 'Bàng Văn A');
		expectStripped('Ôn Thị B', null, 'Ôn Thị B');
		expectStripped('Bá Văn C', null, 'Bá Văn C');
		expectStripped('Nguyễn Văn Ông', null, 'Nguyễn Văn Ông');
	});

	it('strips nothing when no name would remain', () => {
		expectStripped('Ông', null, 'Ông');
		expectStripped('Bà:', null, 'Bà:');
		expectStripped('', null, '');
	});

	it('normalises NFD input first', () => {
		expectStripped(nfd('Ông Nguyễn Văn A'), 'Ông', 'Nguyễn Văn A');
		expectStripped(nfd('Bà Lê Thị Bình'), 'Bà', 'Lê Thị Bình');
		expectStripped(nfd('Đồng chí Đỗ Văn Đức'), null, 'Đỗ Văn Đức');
	});
});

describe('guessSalutation', () => {
	it('maps male forms to Ông', () => {
		for (const g of ['Nam', 'nam', 'NAM', ' Nam ', 'Male', 'male', 'M', 'm']) {
			expect(guessSalutation(g), g).toBe('Ông');
		}
	});

	it('maps female forms to Bà', () => {
		for (const g of ['Nữ', 'nữ', 'NỮ', 'nu', 'Nu', nfd('Nữ'), 'Female', 'F', 'f']) {
			expect(guessSalutation(g), g).toBe('Bà');
		}
	});

	it('returns null when unknown or missing', () => {
		for (const g of [null, undefined, '', ' ', 'x', 'Khác', '1', '0']) {
			expect(guessSalutation(g), String(g)).toBeNull();
		}
	});
});
