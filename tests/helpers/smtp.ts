/**
 * A real SMTP server on 127.0.0.1 (the smtp-server package) that records what it receives, parsed with
 * mailparser. It can reject chosen recipients permanently (550) or transiently (451), to test the outbox.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface TestSmtp {
	port: number;
	received: ParsedMail[];
	/** Recipients answered 550 (permanent). */
	rejectPermanent: Set<string>;
	/** Recipients answered 451 this many more times (transient). */
	rejectTransient: Map<string, number>;
	close(): Promise<void>;
	waitFor(n: number, timeoutMs?: number): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
	const received: ParsedMail[] = [];
	const rejectPermanent = new Set<string>();
	const rejectTransient = new Map<string, number>();
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		disableReverseLookup: true,
		size: 30 * 1024 * 1024,
		onRcptTo(address, _session, cb) {
			const a = address.address.toLowerCase();
			if (rejectPermanent.has(a)) return cb(Object.assign(new Error('5.1.1 Hộp thư không tồn tại'), { responseCode: 550 }));
			const n = rejectTransient.get(a) ?? 0;
			if (n > 0) {
				rejectTransient.set(a, n - 1);
				return cb(Object.assign(new Error('4.2.1 Hộp thư tạm bận'), { responseCode: 451 }));
			}
			cb();
		},
		onData(stream, _session, cb) {
			simpleParser(stream)
				.then((mail) => {
					received.push(mail);
					cb();
				})
				.catch(cb);
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.server.address() as AddressInfo).port;
	return {
		port,
		received,
		rejectPermanent,
		rejectTransient,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
		async waitFor(n, timeoutMs = 30_000) {
			const end = Date.now() + timeoutMs;
			while (received.length < n) {
				if (Date.now() > end) throw new Error(`Chỉ nhận được ${received.length}/${n} thư`);
				await new Promise((r) => setTimeout(r, 50));
			}
		}
	};
}
