import { describe, it, expect } from 'vitest';
import { matchesSearch, matchesSearchKey, searchKey } from '$lib/format/search';

describe('searchKey', () => {
	it('drops accents and case', () => {
		expect(searchKey('Nguyễn Thị Hồng')).toBe('nguyen thi hong');
		expect(searchKey('ĐỖ VĂN ĐỨC')).toBe('do van duc');
		expect(searchKey('Trương Ưng Ơn Ăn Ân Ê')).toBe('truong ung on an an e');
		expect(searchKey('Ảnh Ãnh Ánh Ạnh Ành')).toBe('anh anh anh anh anh');
	});

	it('gives the same key for NFD and NFC', () => {
		expect(searchKey('Nguyễn'.normalize('NFD'))).toBe('nguyen');
		expect(searchKey('Đỗ Văn Đức'.normalize('NFD'))).toBe(searchKey('Đỗ Văn Đức'));
	});

	it('turns punctuation and spacing into single spaces', () => {
		expect(searchKey('  UBND  tỉnh Ninh Thuận, Sở Nội vụ ')).toBe('ubnd tinh ninh thuan so noi vu');
		expect(searchKey('Lê-Thị_B.\t(Hà Nội)')).toBe('le thi b ha noi');
		expect(searchKey('0912.345.678')).toBe('0912 345 678');
		expect(searchKey('Nguyễn\u00a0Văn A')).toBe('nguyen van a');
		expect(searchKey('---')).toBe('');
		expect(searchKey('')).toBe('');
	});

	it('drops invisible characters without splitting a word', () => {
		expect(searchKey('Ngu\u200byễn\ufeff')).toBe('nguyen');
	});
});

describe('matchesSearch', () => {
	const name = 'Nguyễn Thị Hồng';

	it('matches word prefixes in any order, without accents', () => {
		expect(matchesSearch(name, 'ng th ho')).toBe(true);
		expect(matchesSearch(name, 'nguyen hong')).toBe(true);
		expect(matchesSearch(name, 'hong nguyen')).toBe(true);
		expect(matchesSearch(name, 'Hồng')).toBe(true);
		expect(matchesSearch(name, 'HONG')).toBe(true);
		expect(matchesSearch(name, 'Nguyễn'.normalize('NFD'))).toBe(true);
		expect(matchesSearch('Đỗ Văn Đức', 'duc')).toBe(true);
		expect(matchesSearch('Đỗ Văn Đức', 'đức')).toBe(true);
	});

	it('matches fragments inside words too (codes, phone numbers)', () => {
		expect(matchesSearch('Nguyễn Văn A 0912345678', '345')).toBe(true);
		expect(matchesSearch(name, 'uyen')).toBe(true);
	});

	it('requires every word of the query', () => {
		expect(matchesSearch(name, 'nguyen lan')).toBe(false);
		expect(matchesSearch(name, 'tran')).toBe(false);
		expect(matchesSearch('Đỗ Văn Đức', 'dung')).toBe(false);
	});

	it('matches everything with an empty query', () => {
		expect(matchesSearch(name, '')).toBe(true);
		expect(matchesSearch(name, '  ,. ')).toBe(true);
		expect(matchesSearch('', '')).toBe(true);
		expect(matchesSearch('', 'a')).toBe(false);
	});
});

describe('matchesSearchKey', () => {
	it('works on precomputed keys', () => {
		expect(matchesSearchKey('nguyen thi hong', 'th ho')).toBe(true);
		expect(matchesSearchKey('nguyen thi hong', 'lan')).toBe(false);
	});
});
