/**
 * Every audit action that the server code writes has a Vietnamese name for the Nhật ký page: the code is
 * read for `action: '…'` (also in ternaries) and `action: \`prefix.${…}\``.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_GROUPS, auditLabel } from '$lib/audit-labels';

function files(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

const sources = files(path.resolve('src/lib/server')).map((f) => fs.readFileSync(f, 'utf8'));
const written = new Set<string>();
const prefixes = new Set<string>();
for (const s of sources) {
	for (const m of s.matchAll(/\baction:\s*([^\n]+)/g)) {
		for (const q of m[1].matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) written.add(q[1]);
		for (const t of m[1].matchAll(/`([a-z_]+(?:\.[a-z_]+)*\.)\$\{/g)) prefixes.add(t[1]);
	}
}

describe('audit action names', () => {
	it('finds the actions in the code', () => {
		expect(written.size).toBeGreaterThan(90);
		expect(written).toContain('budget.signers.updated');
	});

	it('names every action the code writes, in Vietnamese, in a known group', () => {
		const missing = [...written].filter((a) => !AUDIT_ACTIONS[a]);
		expect(missing).toEqual([]);
		for (const p of prefixes) expect(Object.keys(AUDIT_ACTIONS).some((k) => k.startsWith(p)), p).toBe(true);
		for (const a of Object.keys(AUDIT_ACTIONS)) expect(Object.keys(AUDIT_GROUPS), a).toContain(a.split('.')[0]);
	});

	it('shows an unknown code as it is', () => {
		expect(auditLabel('checkin.created')).toBe('Check-in');
		expect(auditLabel('something.new')).toBe('something.new');
	});
});
