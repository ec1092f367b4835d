/** Passwords hashed with argon2id (@node-rs/argon2; OWASP's minimum parameters, as the Lucia example). */
import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '$lib/server/errors';

const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
	try {
		return await verify(hashed, password);
	} catch {
		return false;
	}
}

/** Returns a Vietnamese reason when the password is too weak, else null. */
export function passwordProblem(password: string): string | null {
	if (password.length < 10) return 'Mật khẩu phải có ít nhất 10 ký tự';
	if (password.length > 200) return 'Mật khẩu quá dài (tối đa 200 ký tự)';
	if (/^(.)\1+$/.test(password)) return 'Mật khẩu không được chỉ gồm một ký tự lặp lại';
	if (/^(0123456789|1234567890|matkhau|password)/i.test(password)) return 'Mật khẩu quá dễ đoán';
	return null;
}

export function assertPasswordStrong(password: string, field = 'password'): void {
	const problem = passwordProblem(password);
	if (problem) throw new DomainError('weak_password', problem, { fields: { [field]: problem } });
}
