/**
 * The user ID of a `<zego-call>` without `user-id`: random per browser tab, kept in `sessionStorage` so a reload
 * rejoins as the same person. A duplicated tab copies `sessionStorage`: a Web Lock held for the page's life tells
 * the copy that the ID is taken, and it makes its own.
 */
const KEY = 'zego-call-user-id';
let claimed: string | undefined;

function randomID(): string {
  return `u${Array.from(crypto.getRandomValues(new Uint32Array(2)), (n) => n.toString(36)).join('')}`.slice(0, 14);
}

function stored(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined; // storage blocked (a sandboxed frame): an ID for this page's life
  }
}

function store(id: string): void {
  try {
    sessionStorage.setItem(KEY, id);
  } catch {
    // as above
  }
}

/** Holds `zego-call-user:<id>` until the page goes; false if another page of this browser holds it. */
async function hold(id: string): Promise<boolean> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return true;
  return new Promise<boolean>((resolve) => {
    void locks
      .request(`zego-call-user:${id}`, { ifAvailable: true }, (lock) => {
        resolve(!!lock);
        // held until the page unloads: the lock is the claim
        return lock ? new Promise<void>(() => {}) : undefined;
      })
      .catch(() => resolve(true));
  });
}

/** This tab's user ID, claimed once per page. */
export async function tabUserID(): Promise<string> {
  if (claimed) return claimed;
  let id = stored() ?? randomID();
  while (!(await hold(id))) id = randomID();
  store(id);
  claimed = id;
  return id;
}
