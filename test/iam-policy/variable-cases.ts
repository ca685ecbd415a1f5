/**
 * Multi-valued keys with ForAnyValue / ForAllValues, and policy variables.
 */
import { ALICE, BOB, SESSION, row, type CaseGroup, type PolicyJson } from './policy-case.js';

const IAM = 'https://docs.aws.amazon.com/IAM/latest/UserGuide';
const MULTI = `${IAM}/reference_policies_condition-single-vs-multi-valued-context-keys.html`;
const VARS = `${IAM}/reference_policies_variables.html`;

function when(condition: Readonly<Record<string, unknown>>, effect = 'Allow'): PolicyJson {
  return { Version: '2012-10-17', Statement: [{ Sid: 'Cond', Effect: effect, Action: 's3:PutObject', Resource: '*', Condition: condition }] };
}
const allowPut = { Version: '2012-10-17', Statement: [{ Sid: 'Put', Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] };
const put = (keys: Readonly<Record<string, string | readonly string[]>>): { action: string; keys: typeof keys } => ({ action: 's3:PutObject', keys });
const home = (version: string): PolicyJson => ({ Version: version, Statement: [
  { Sid: 'Home', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
] });

export const SET_AND_VARIABLE_GROUPS: readonly CaseGroup[] = [
  {
    doc: MULTI, title: 'ForAllValues:StringEquals on s3:RequestObjectTagKeys',
    policies: { identity: [when({ 'ForAllValues:StringEquals': { 's3:RequestObjectTagKeys': ['Project', 'Owner'] } })] },
    rows: [
      row('subset of the allowed keys', 'Allow', put({ 's3:RequestObjectTagKeys': ['Project'] })),
      row('exactly the allowed keys', 'Allow', put({ 's3:RequestObjectTagKeys': ['Project', 'Owner'] })),
      row('one key not allowed', 'ImplicitDeny', put({ 's3:RequestObjectTagKeys': ['Project', 'Cost'] })),
      row('no tags at all: ForAllValues is true', 'Allow', put({})),
      row('empty set: true', 'Allow', put({ 's3:RequestObjectTagKeys': [] })),
      row('values are case-sensitive', 'ImplicitDeny', put({ 's3:RequestObjectTagKeys': ['project'] })),
    ],
  },
  {
    doc: MULTI, title: 'ForAnyValue:StringEquals on s3:RequestObjectTagKeys',
    policies: { identity: [when({ 'ForAnyValue:StringEquals': { 's3:RequestObjectTagKeys': ['Project'] } })] },
    rows: [
      row('one of the keys is Project', 'Allow', put({ 's3:RequestObjectTagKeys': ['Cost', 'Project'] })),
      row('none is Project', 'ImplicitDeny', put({ 's3:RequestObjectTagKeys': ['Cost'] })),
      row('no tags: ForAnyValue is false', 'ImplicitDeny', put({})),
      row('empty set: false', 'ImplicitDeny', put({ 's3:RequestObjectTagKeys': [] })),
    ],
  },
  {
    doc: MULTI, title: 'ForAllValues with a negated operator (deny listed keys)',
    policies: { identity: [when({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['Secret'] } })] },
    rows: [
      row('no Secret key', 'Allow', put({ 'aws:TagKeys': ['a', 'b'] })),
      row('one key is Secret', 'ImplicitDeny', put({ 'aws:TagKeys': ['a', 'Secret'] })),
      row('absent: true', 'Allow', put({})),
    ],
  },
  {
    doc: MULTI, title: 'ForAnyValue:StringLike and ForAnyValue with IfExists',
    policies: { identity: [when({ 'ForAnyValue:StringLike': { 'aws:TagKeys': 'cost-*' } })] },
    rows: [
      row('a cost- key', 'Allow', put({ 'aws:TagKeys': ['x', 'cost-center'] })),
      row('no cost- key', 'ImplicitDeny', put({ 'aws:TagKeys': ['x'] })),
      row('IfExists and absent', 'Allow', put({}), undefined, { identity: [when({ 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': 'cost-*' } })] }),
    ],
  },
  {
    doc: MULTI, title: 'Deny with ForAnyValue: any forbidden value denies',
    policies: { identity: [allowPut, when({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['Admin', 'Root'] } }, 'Deny')] },
    rows: [
      row('Admin tag key is denied', 'ExplicitDeny', put({ 'aws:TagKeys': ['x', 'Admin'] }), 'Cond'),
      row('harmless keys are allowed', 'Allow', put({ 'aws:TagKeys': ['x'] }), 'Put'),
      row('no keys', 'Allow', put({}), 'Put'),
    ],
  },
  {
    doc: MULTI, title: 'single-valued operator on a multi-valued key matches any value',
    policies: { identity: [when({ StringEquals: { 'aws:TagKeys': 'env' } })] },
    rows: [
      row('env among the keys', 'Allow', put({ 'aws:TagKeys': ['a', 'env'] })),
      row('env not among them', 'ImplicitDeny', put({ 'aws:TagKeys': ['a'] })),
    ],
  },
  {
    doc: VARS, title: '${aws:username} in Resource (user home folders)',
    policies: { identity: [home('2012-10-17')] },
    rows: [
      row('alice in her folder', 'Allow', { resource: 'arn:aws:s3:::home/alice/notes.txt' }, 'Home'),
      row('alice in bob\'s folder', 'ImplicitDeny', { resource: 'arn:aws:s3:::home/bob/notes.txt' }),
      row('bob in his folder', 'Allow', { principal: BOB, resource: 'arn:aws:s3:::home/bob/x' }),
      row('a role session has no aws:username: no match', 'ImplicitDeny', { principal: SESSION, resource: 'arn:aws:s3:::home/alice/x' }),
      row('a * in a user name is literal, not a wildcard', 'ImplicitDeny',
        { principal: { ...ALICE, username: '*' }, resource: 'arn:aws:s3:::home/bob/x' }),
      row('the literal folder of user *', 'Allow', { principal: { ...ALICE, username: '*' }, resource: 'arn:aws:s3:::home/*/x' }),
    ],
  },
  {
    doc: VARS, title: 'Version 2008-10-17: ${...} is plain text',
    policies: { identity: [home('2008-10-17')] },
    rows: [
      row('alice\'s folder does not match the literal ${aws:username}', 'ImplicitDeny', { resource: 'arn:aws:s3:::home/alice/x' }),
      row('the literal text matches', 'Allow', { resource: 'arn:aws:s3:::home/${aws:username}/x' }),
    ],
  },
  {
    doc: VARS, title: '${aws:userid}, ${aws:PrincipalTag/...} and key-name case in variables',
    policies: { identity: [{ Version: '2012-10-17', Statement: [
      { Sid: 'ById', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::ids/${aws:userid}/*' },
      { Sid: 'ByTag', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::teams/${aws:PrincipalTag/team}/*' },
      { Sid: 'ByDept', Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::dept/${AWS:PRINCIPALTAG/DEPARTMENT}/*' },
    ] }] },
    rows: [
      row('own user id', 'Allow', { resource: 'arn:aws:s3:::ids/AIDAALICEEXAMPLE/x' }, 'ById'),
      row('other user id', 'ImplicitDeny', { resource: 'arn:aws:s3:::ids/AIDABOBEXAMPLE/x' }),
      row('session user id role:session', 'Allow', { principal: SESSION, resource: 'arn:aws:s3:::ids/AROAREADEREXAMPLE:s1/x' }, 'ById'),
      row('team tag blue', 'Allow', { action: 's3:PutObject', resource: 'arn:aws:s3:::teams/blue/x' }, 'ByTag'),
      row('team tag mismatch', 'ImplicitDeny', { action: 's3:PutObject', resource: 'arn:aws:s3:::teams/red/x' }),
      row('bob has no team tag', 'ImplicitDeny', { principal: BOB, action: 's3:PutObject', resource: 'arn:aws:s3:::teams/blue/x' }),
      row('variable key names are case-insensitive', 'Allow', { action: 's3:DeleteObject', resource: 'arn:aws:s3:::dept/finance/x' }, 'ByDept'),
      row('but the value keeps its case', 'ImplicitDeny', { action: 's3:DeleteObject', resource: 'arn:aws:s3:::dept/FINANCE/x' }),
    ],
  },
  {
    doc: VARS, title: 'default values and the special characters ${*}, ${?}, ${$}',
    policies: { identity: [{ Version: '2012-10-17', Statement: [
      { Sid: 'Default', Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::shared/${aws:username, 'guest'}/*" },
      { Sid: 'Star', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::lit/${*}${?}${$}' },
      { Sid: 'Quote', Effect: 'Allow', Action: 's3:DeleteObject', Resource: "arn:aws:s3:::q/${aws:PrincipalTag/none, 'it''s'}" },
      { Sid: 'ByPrefix', Effect: 'Allow', Action: 's3:GetObjectAttributes', Resource: 'arn:aws:s3:::pfx/${s3:prefix}*' },
    ] }] },
    rows: [
      row('alice uses her name', 'Allow', { resource: 'arn:aws:s3:::shared/alice/x' }, 'Default'),
      row('a session falls back to the default', 'Allow', { principal: SESSION, resource: 'arn:aws:s3:::shared/guest/x' }, 'Default'),
      row('alice does not get guest', 'ImplicitDeny', { resource: 'arn:aws:s3:::shared/guest/x' }),
      row('${*}${?}${$} are literal characters', 'Allow', { action: 's3:PutObject', resource: 'arn:aws:s3:::lit/*?$' }, 'Star'),
      row('so they match nothing else', 'ImplicitDeny', { action: 's3:PutObject', resource: 'arn:aws:s3:::lit/ab$' }),
      row('doubled quote in a default', 'Allow', { action: 's3:DeleteObject', resource: "arn:aws:s3:::q/it's" }, 'Quote'),
      row('${s3:prefix} from the request', 'Allow', { action: 's3:GetObjectAttributes', resource: 'arn:aws:s3:::pfx/reports/2026', keys: { 's3:prefix': 'reports/' } }, 'ByPrefix'),
      row('${s3:prefix} other prefix', 'ImplicitDeny', { action: 's3:GetObjectAttributes', resource: 'arn:aws:s3:::pfx/other/x', keys: { 's3:prefix': 'reports/' } }),
      row('${s3:prefix} absent: no match', 'ImplicitDeny', { action: 's3:GetObjectAttributes', resource: 'arn:aws:s3:::pfx/reports/x' }),
    ],
  },
  {
    doc: VARS, title: 'variables in condition values',
    policies: { identity: [{ Version: '2012-10-17', Statement: [
      { Sid: 'ListOwn', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::home', Condition: { StringLike: { 's3:prefix': ['', 'home/', '${aws:username}/*'] } } },
      { Sid: 'TagOwner', Effect: 'Allow', Action: 's3:PutObject', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/owner': '${aws:username}' } } },
      { Sid: 'ExistingTag', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:ExistingObjectTag/team': '${aws:PrincipalTag/team}' } } },
    ] }] },
    rows: [
      row('list own prefix', 'Allow', { action: 's3:ListBucket', resource: 'arn:aws:s3:::home', keys: { 's3:prefix': 'alice/docs' } }, 'ListOwn'),
      row('list root', 'Allow', { action: 's3:ListBucket', resource: 'arn:aws:s3:::home', keys: { 's3:prefix': '' } }),
      row('list other user', 'ImplicitDeny', { action: 's3:ListBucket', resource: 'arn:aws:s3:::home', keys: { 's3:prefix': 'bob/' } }),
      row('tag owner=alice', 'Allow', { action: 's3:PutObject', keys: { 'aws:RequestTag/owner': 'alice' } }, 'TagOwner'),
      row('tag owner=bob', 'ImplicitDeny', { action: 's3:PutObject', keys: { 'aws:RequestTag/owner': 'bob' } }),
      row('object tag team matches principal tag', 'Allow', { keys: { 's3:ExistingObjectTag/team': 'blue' } }, 'ExistingTag'),
      row('object tag team differs', 'ImplicitDeny', { keys: { 's3:ExistingObjectTag/team': 'red' } }),
      row('principal without the tag: variable unresolved, no match', 'ImplicitDeny', { principal: BOB, keys: { 's3:ExistingObjectTag/team': 'blue' } }),
    ],
  },
];
