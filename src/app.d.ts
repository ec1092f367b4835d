import type { Principal } from '$lib/server/auth/access';
import type { Session, SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
			errorId?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** The signed-in user (by session cookie, or by API token on /api). */
			principal: Principal | null;
			requestId: string;
			/** Set by handleError when the database could not be reached: the response becomes a 503. */
			databaseUnavailable?: boolean;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
