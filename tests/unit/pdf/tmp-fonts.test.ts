import { describe, it, expect } from 'vitest';
import { loadFontBytes } from '$lib/server/pdf/fonts';
describe('fonts', () => {
	it('loads', () => {
		const f = loadFontBytes();
		expect(f.regular.length).toBe(39252);
		expect(f.boldItalic.length).toBe(42840);
	});
});
