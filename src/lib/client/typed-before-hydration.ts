/**
 * What a user typed before the page's JavaScript took over. Svelte 5 writes `value={…}` back into an input when
 * it hydrates, so text typed while the page was still loading (a slow network, a busy phone) is wiped, and a
 * form then refuses to send because a required field looks empty (sveltejs/svelte #1755, #8266; kit #8895).
 * The root layout reads the fields before its children hydrate and puts back, once they have, what the user
 * had typed, with an `input` event so bound state follows.
 */
type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
type Typed = { kind: 'value'; el: Field; value: string } | { kind: 'checked'; el: HTMLInputElement; checked: boolean };

const SKIP = new Set(['file', 'hidden', 'submit', 'button', 'reset', 'image']);

/** Fields whose value differs from what the server rendered: the user changed them. */
export function captureTyped(root: ParentNode = document): Typed[] {
	const out: Typed[] = [];
	for (const el of root.querySelectorAll<Field>('input, textarea, select')) {
		if (el instanceof HTMLInputElement) {
			if (SKIP.has(el.type)) continue;
			if (el.type === 'checkbox' || el.type === 'radio') {
				if (el.checked !== el.defaultChecked) out.push({ kind: 'checked', el, checked: el.checked });
			} else if (el.value !== el.defaultValue) out.push({ kind: 'value', el, value: el.value });
		} else if (el instanceof HTMLTextAreaElement) {
			if (el.value !== el.defaultValue) out.push({ kind: 'value', el, value: el.value });
		} else {
			const changed = [...el.options].some((o) => o.selected !== o.defaultSelected);
			if (changed) out.push({ kind: 'value', el, value: el.value });
		}
	}
	return out;
}

/** Puts back what hydration overwrote. Returns how many fields were restored. */
export function restoreTyped(typed: Typed[]): number {
	let n = 0;
	for (const t of typed) {
		if (!t.el.isConnected) continue;
		if (t.kind === 'checked') {
			if (t.el.checked === t.checked) continue;
			t.el.checked = t.checked;
			t.el.dispatchEvent(new Event('change', { bubbles: true }));
		} else {
			if (t.el.value === t.value) continue;
			t.el.value = t.value;
			t.el.dispatchEvent(new Event('input', { bubbles: true }));
			if (t.el instanceof HTMLSelectElement) t.el.dispatchEvent(new Event('change', { bubbles: true }));
		}
		n++;
	}
	return n;
}
