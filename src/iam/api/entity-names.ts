/**
 * IAM names are not distinguished by case (IAM User Guide, "IAM identifiers": "you cannot create
 * users named both TESTUSER and testuser"), and a request that names a user, group or role in
 * another case than it was created with acts on that entity, as AWS answers it (ceph s3-tests
 * test_account_user_case_insensitive_name, _group_, _role_, written against AWS): GetUser of
 * `u1` returns user `U1`, DeleteUser of `u1` deletes it. The request's UserName, GroupName and
 * RoleName are replaced by the stored names before the operation reads them; its ARNs and
 * answers then carry the name as created. A name with no entity of any case is left as sent.
 */
import type { AccountDocument } from '../store/iam-records.js';

const FIELDS = [['UserName', 'users'], ['GroupName', 'groups'], ['RoleName', 'roles']] as const;

/** The stored name among `names` equal to `name` but for case, or undefined. */
export function storedNameOf(names: Readonly<Record<string, unknown>>, name: string): string | undefined {
  if (Object.hasOwn(names, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(names).find((n) => n.toLowerCase() === lower);
}

/** Rewrites the entity names of an IAM request's form to the names `doc` stores them under. */
export function useStoredEntityNames(form: URLSearchParams, doc: AccountDocument | undefined): void {
  if (doc === undefined) return;
  for (const [field, kind] of FIELDS) {
    const sent = form.get(field);
    if (sent === null || Object.hasOwn(doc[kind], sent)) continue;
    const stored = storedNameOf(doc[kind], sent);
    if (stored !== undefined) form.set(field, stored);
  }
}
