/**
 * What the tham luận tests share: a fresh database and file store for the test file, a call for papers, and an
 * event with that call open (the conference on 5 April 2030, the deadline ten days before).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import { createLocalFileStore, type FileStore } from '../../src/lib/server/files/store';
import { saveCall } from '../../src/lib/server/submissions/service';
import type { CallInput } from '../../src/lib/server/submissions/schema';

/** 07:30–11:30 on 5 April 2030, Vietnam time. */
export const FUTURE_EVENT = { startsAt: new Date('2030-04-05T00:30:00Z'), endsAt: new Date('2030-04-05T04:30:00Z') };

export function callInput(over: Partial<CallInput> = {}): CallInput {
	return {
		guidance: 'Kết quả, cách làm hay và kinh nghiệm trong thực hiện phong trào thi đua',
		deadline: new Date('2030-03-25T10:00:00Z'),
		acceptPdf: true,
		acceptDocx: true,
		maxSizeMb: 20,
		expectedLength: '3–5 trang A4',
		speakingMinutes: 7,
		...over
	};
}

/** Opens the file's database and file store before its tests and removes both after; `ready` receives them. */
export function submissionsDatabase(prefix: string, ready: (d: Database_, store: FileStore) => void): void {
	let d: Database_ | undefined;
	let dir = '';
	beforeAll(async () => {
		d = await testDatabase();
		dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
		ready(d, createLocalFileStore(dir));
	});
	afterAll(async () => {
		await d?.close();
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});
}

/** An event of its own organisation with the call for papers open. */
export async function eventWithCall(db: Database_['db'], over: Partial<CallInput> = {}) {
	const w = await newEventWorld(db, FUTURE_EVENT);
	await saveCall(db, w.admin, w.eventId, callInput(over));
	return w;
}
