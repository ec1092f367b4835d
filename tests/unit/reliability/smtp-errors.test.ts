/** How SMTP failures are classified and worded (mail/transport.ts): what the outbox shows and whether it retries. */
import { describe, expect, it } from 'vitest';
import { classifySendError } from '../../../src/lib/server/mail/transport';

describe('SMTP failures', () => {
	it('retries a server that does not answer, one that refuses the connection and a refused login, saying which', () => {
		const timeout = classifySendError({ code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' });
		expect(timeout).toEqual({ kind: 'transient', message: 'Máy chủ thư không trả lời (quá thời gian chờ): Greeting never received. Sẽ tự thử lại.' });
		const refused = classifySendError({ code: 'ESOCKET', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:2525' });
		expect(refused.kind).toBe('transient');
		expect(refused.message).toContain('máy chủ từ chối kết nối (connect ECONNREFUSED 127.0.0.1:2525)');
		// 535 is a 5xx, but a wrong password is fixed in the settings: the mails wait instead of failing for good.
		const login = classifySendError({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Authentication failed' });
		expect(login.kind).toBe('transient');
		expect(login.message).toContain('Đăng nhập máy chủ thư thất bại');
	});

	it('fails for good on a rejected recipient and retries a temporary refusal', () => {
		expect(classifySendError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 Hộp thư không tồn tại' })).toMatchObject({ kind: 'permanent', message: expect.stringContaining('(550)') });
		expect(classifySendError({ code: 'EENVELOPE', responseCode: 451, response: '451 4.2.1 Hộp thư tạm bận' })).toMatchObject({ kind: 'transient', message: expect.stringContaining('(451)') });
	});
});
