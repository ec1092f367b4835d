/**
 * The import parsers under random and corrupted input: every file either parses (with problems listed)
 * or is refused with a SheetError carrying a code and a Vietnamese message — never another exception,
 * never a hang. Seeded, so a failure reproduces.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTable, parseDelegateSheet, parseAwardSheet, isSheetError } from '$lib/server/sheets';
import { createRng } from '$lib/server/demo/rng';

const fixtures = 'tests/fixtures/so-ket-2024-ninh-thuan';
const xlsx = new Uint8Array(fs.readFileSync(`${fixtures}/delegates.xlsx`));
const awards = new Uint8Array(fs.readFileSync(`${fixtures}/awards.xlsx`));
const csv = new Uint8Array(fs.readFileSync(`${fixtures}/delegates.csv`));
const tiers = ['Cấp tỉnh', 'Cấp huyện', 'Cấp xã', 'Tập thể, cá nhân được khen thưởng'];

async function tryAll(bytes: Uint8Array, name: string): Promise<'parsed' | 'refused'> {
	try {
		const table = await readTable(bytes, name);
		try {
			parseDelegateSheet(table, { tiers });
		} catch (e) {
			if (!isSheetError(e)) throw e;
		}
		try {
			parseAwardSheet(table);
		} catch (e) {
			if (!isSheetError(e)) throw e;
		}
		return 'parsed';
	} catch (e) {
		if (isSheetError(e)) {
			expect(e.code).toMatch(/^[a-z_]+$/);
			expect(e.message.length).toBeGreaterThan(10);
			return 'refused';
		}
		throw new Error(`${name}: ${(e as Error).stack}`);
	}
}

describe('import parsers under random input', () => {
	const rng = createRng(20261126);

	it('survive random bytes', async () => {
		for (let i = 0; i < 60; i++) {
			const n = rng.int(0, 4096);
			const b = new Uint8Array(n);
			for (let j = 0; j < n; j++) b[j] = rng.int(0, 255);
			if (rng.chance(0.3) && n > 4) b.set([0x50, 0x4b, 0x03, 0x04]); // pretend to be a zip
			await tryAll(b, rng.pick(['a.xlsx', 'a.csv', 'a.pdf', 'noname']));
		}
	});

	it('survive corrupted and truncated spreadsheets', async () => {
		for (const [src, name] of [[xlsx, 'd.xlsx'], [awards, 'a.xlsx'], [csv, 'd.csv']] as const) {
			for (let i = 0; i < 25; i++) {
				const b = src.slice(0, rng.chance(0.5) ? rng.int(0, src.length) : src.length);
				const flips = rng.int(1, 20);
				for (let k = 0; k < flips && b.length; k++) b[rng.int(0, b.length - 1)] = rng.int(0, 255);
				const t0 = performance.now();
				await tryAll(b, name);
				expect(performance.now() - t0).toBeLessThan(5000);
			}
		}
	}, 120_000);

	it('survive random text shaped like a CSV', async () => {
		const alphabet = ['"', ',', ';', '\t', '\n', '\r', ' ', 'Họ và tên', 'Cấp tỉnh', 'A. ĐẠI BIỂU', '0912.345.678', '=1+1', '\u0000', 'đ', 'Ông'];
		for (let i = 0; i < 60; i++) {
			let text = rng.chance(0.5) ? '\uFEFF' : '';
			for (let j = 0, n = rng.int(0, 300); j < n; j++) text += rng.pick(alphabet);
			await tryAll(new TextEncoder().encode(text), 'x.csv');
		}
	});
});
