/** Telling a database outage from other errors (db/unavailable.ts), and paths the log may show (log.ts). */
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, outageReason } from '../../../src/lib/server/db/unavailable';
import { loggablePath } from '../../../src/lib/server/log';

describe('database outage detection', () => {
	it('recognises postgres.js connection errors, server shutdowns and refused sockets', () => {
		for (const code of ['ECONNREFUSED', 'ECONNRESET', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', 'ETIMEDOUT', '57P01', '57P03', '08006', '53300'])
			expect(isDatabaseUnavailable(Object.assign(new Error(code), { code })), code).toBe(true);
		// Node's connect to several addresses (localhost: ::1 and 127.0.0.1) fails with an AggregateError.
		expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'connect'))).toBe(true);
		expect(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'CONNECTION_ENDED' }) }))).toBe(true);
		expect(outageReason(Object.assign(new Error('x'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5432 }))).toBe('ECONNREFUSED 127.0.0.1:5432');
	});

	it('leaves query errors, domain errors and SMTP failures alone', () => {
		for (const code of ['23505', '22P02', '42P01', '40001', 'invalid_input', undefined])
			expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), String(code)).toBe(false);
		// nodemailer's errors carry the SMTP command: a mail server that does not answer is not the database.
		expect(isDatabaseUnavailable(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT', command: 'CONN' }))).toBe(false);
		expect(isDatabaseUnavailable(null)).toBe(false);
		expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
	});
});

describe('paths in the log', () => {
	it('never show a personal-link token or a verification code', () => {
		expect(loggablePath('/r/abcdefghijklmnopqrstuvwxyz234567')).toBe('/r/…');
		expect(loggablePath('/u/abcdefghijklmnopqrstuvwxyz234567/versions/12')).toBe('/u/…/versions/12');
		expect(loggablePath('/v/K7QM-2XPA-9R')).toBe('/v/…');
		expect(loggablePath('/events/12/delegates')).toBe('/events/12/delegates');
		expect(loggablePath('/api/v1/events/3')).toBe('/api/v1/events/3');
	});
});
