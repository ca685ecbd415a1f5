/**
 * The Python program the IAM e2e suite runs: boto3's IAM client as account A's root, then as
 * an IAM user of A. It asserts as it goes and prints `STEP name` per check, then `DONE`.
 * Environment: CAIRN_ENDPOINT, ROOT_KEY, ROOT_SECRET (account A's root).
 */
export const IAM_BOTO3_STEPS = [
  'user', 'access key', 'group', 'managed policy', 'attach', 'inline policy', 'paginate', 'errors',
  'iam user denied', 'iam user allowed', 'inactive key refused', 'versions', 'roles', 'tags', 'summary', 'cleanup',
];

export const IAM_BOTO3_SCRIPT = String.raw`
import json, os, time
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = os.environ["CAIRN_ENDPOINT"]
cfg = Config(retries={"max_attempts": 1})
def client(service, key, secret):
    return boto3.client(service, endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key=secret,
                        region_name="us-east-1", config=cfg)
iam = client("iam", os.environ["ROOT_KEY"], os.environ["ROOT_SECRET"])
account = iam.get_user()["User"]["Arn"].split(":")[4]

def step(name):
    print("STEP " + name, flush=True)

def error_of(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"]
    raise AssertionError("expected a ClientError")

u = iam.create_user(UserName="alice", Path="/team/", Tags=[{"Key": "dept", "Value": "eng"}])["User"]
assert u["Arn"] == "arn:aws:iam::%s:user/team/alice" % account, u
assert u["UserId"].startswith("AIDA") and len(u["UserId"]) == 21
assert iam.get_user(UserName="alice")["User"]["Tags"] == [{"Key": "dept", "Value": "eng"}]
step("user")

k = iam.create_access_key(UserName="alice")["AccessKey"]
assert k["AccessKeyId"].startswith("AKIA") and len(k["AccessKeyId"]) == 20 and len(k["SecretAccessKey"]) == 40
assert k["Status"] == "Active"
keys = iam.list_access_keys(UserName="alice")["AccessKeyMetadata"]
assert [x["AccessKeyId"] for x in keys] == [k["AccessKeyId"]]
step("access key")

iam.create_group(GroupName="readers")
iam.add_user_to_group(GroupName="readers", UserName="alice")
g = iam.get_group(GroupName="readers")
assert [x["UserName"] for x in g["Users"]] == ["alice"]
assert [x["GroupName"] for x in iam.list_groups_for_user(UserName="alice")["Groups"]] == ["readers"]
step("group")

doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:ListUsers", "iam:GetUser"], "Resource": "*"}]}
p = iam.create_policy(PolicyName="list-users", PolicyDocument=json.dumps(doc), Description="list")["Policy"]
arn = p["Arn"]
assert arn == "arn:aws:iam::%s:policy/list-users" % account and p["DefaultVersionId"] == "v1"
assert iam.get_policy(PolicyArn=arn)["Policy"]["Description"] == "list"
step("managed policy")

iam.attach_group_policy(GroupName="readers", PolicyArn=arn)
assert iam.list_attached_group_policies(GroupName="readers")["AttachedPolicies"] == [{"PolicyName": "list-users", "PolicyArn": arn}]
assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 1
step("attach")

deny = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:GetUser", "Resource": "arn:aws:iam::*:user/team/bob"}]}
iam.put_user_policy(UserName="alice", PolicyName="no-bob", PolicyDocument=json.dumps(deny))
assert iam.get_user_policy(UserName="alice", PolicyName="no-bob")["PolicyDocument"] == deny
assert iam.list_user_policies(UserName="alice")["PolicyNames"] == ["no-bob"]
step("inline policy")

for i in range(5):
    iam.create_user(UserName="page%d" % i)
page = iam.list_users(MaxItems=2)
names = [x["UserName"] for x in page["Users"]]
assert page["IsTruncated"] and len(names) == 2
while page["IsTruncated"]:
    page = iam.list_users(MaxItems=2, Marker=page["Marker"])
    names += [x["UserName"] for x in page["Users"]]
assert names == sorted(["alice"] + ["page%d" % i for i in range(5)]), names
assert [x["UserName"] for x in iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 4}).build_full_result()["Users"]] == names
step("paginate")

assert error_of(lambda: iam.get_user(UserName="nobody"))[:2] == ("NoSuchEntity", 404)
assert error_of(lambda: iam.create_user(UserName="alice")) == ("EntityAlreadyExists", 409, "User with name alice already exists.")
assert error_of(lambda: iam.delete_user(UserName="alice"))[:2] == ("DeleteConflict", 409)
code, status, message = error_of(lambda: iam.put_user_policy(UserName="alice", PolicyName="bad", PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}'))
assert (code, status) == ("MalformedPolicyDocument", 400) and "principal" in message, message
assert error_of(lambda: iam.create_user(UserName="bad name!"))[:2] == ("ValidationError", 400)
iam.create_access_key(UserName="page0")
iam.create_access_key(UserName="page0")
assert error_of(lambda: iam.create_access_key(UserName="page0"))[:2] == ("LimitExceeded", 409)
step("errors")

alice = client("iam", k["AccessKeyId"], k["SecretAccessKey"])
code, status, message = error_of(lambda: alice.create_user(UserName="mallory"))
assert (code, status) == ("AccessDenied", 403), code
assert message.startswith("User: arn:aws:iam::%s:user/team/alice is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::%s:user/mallory" % (account, account)), message
iam.create_user(UserName="bob", Path="/team/")
assert error_of(lambda: alice.get_user(UserName="bob"))[:2] == ("AccessDenied", 403)
step("iam user denied")

assert "alice" in [x["UserName"] for x in alice.list_users()["Users"]]
assert alice.get_user()["User"]["UserName"] == "alice"
step("iam user allowed")

s3 = client("s3", k["AccessKeyId"], k["SecretAccessKey"])
code = error_of(lambda: s3.list_buckets())[0]
assert code != "InvalidAccessKeyId", code
iam.update_access_key(UserName="alice", AccessKeyId=k["AccessKeyId"], Status="Inactive")
assert error_of(lambda: s3.list_buckets())[:2] == ("InvalidAccessKeyId", 403)
assert error_of(lambda: alice.list_users())[:2] == ("InvalidClientTokenId", 403)
iam.update_access_key(UserName="alice", AccessKeyId=k["AccessKeyId"], Status="Active")
assert "alice" in [x["UserName"] for x in alice.list_users()["Users"]]
step("inactive key refused")

doc2 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]}
v = iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(doc2), SetAsDefault=True)["PolicyVersion"]
assert v["VersionId"] == "v2" and v["IsDefaultVersion"]
assert [x["VersionId"] for x in iam.list_policy_versions(PolicyArn=arn)["Versions"]] == ["v2", "v1"]
assert iam.get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"]["Document"] == doc2
assert error_of(lambda: alice.get_user())[:2] == ("AccessDenied", 403)
assert error_of(lambda: iam.delete_policy_version(PolicyArn=arn, VersionId="v2"))[:2] == ("DeleteConflict", 409)
iam.set_default_policy_version(PolicyArn=arn, VersionId="v1")
assert alice.get_user()["User"]["UserName"] == "alice"
for _ in range(3):
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(doc2))
assert error_of(lambda: iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(doc2)))[:2] == ("LimitExceeded", 409)
step("versions")

trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % account}, "Action": "sts:AssumeRole"}]}
r = iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(trust), MaxSessionDuration=7200)["Role"]
assert r["RoleId"].startswith("AROA") and r["MaxSessionDuration"] == 7200 and r["AssumeRolePolicyDocument"] == trust
assert error_of(lambda: iam.create_role(RoleName="bad", AssumeRolePolicyDocument=json.dumps(doc2)))[:2] == ("MalformedPolicyDocument", 400)
assert error_of(lambda: iam.create_role(RoleName="long", AssumeRolePolicyDocument=json.dumps(trust), MaxSessionDuration=50000))[:2] == ("ValidationError", 400)
iam.update_role(RoleName="app", MaxSessionDuration=3600)
iam.attach_role_policy(RoleName="app", PolicyArn=arn)
assert error_of(lambda: iam.delete_role(RoleName="app"))[:2] == ("DeleteConflict", 409)
iam.detach_role_policy(RoleName="app", PolicyArn=arn)
assert [x["RoleName"] for x in iam.list_roles()["Roles"]] == ["app"]
step("roles")

iam.tag_user(UserName="alice", Tags=[{"Key": "dept", "Value": "ops"}, {"Key": "x", "Value": "1"}])
assert sorted((t["Key"], t["Value"]) for t in iam.list_user_tags(UserName="alice")["Tags"]) == [("dept", "ops"), ("x", "1")]
iam.untag_user(UserName="alice", TagKeys=["x"])
assert iam.list_user_tags(UserName="alice")["Tags"] == [{"Key": "dept", "Value": "ops"}]
iam.tag_role(RoleName="app", Tags=[{"Key": "t", "Value": "v"}])
assert iam.list_role_tags(RoleName="app")["Tags"] == [{"Key": "t", "Value": "v"}]
step("tags")

summary = iam.get_account_summary()["SummaryMap"]
assert summary["Users"] == 7 and summary["Groups"] == 1 and summary["Roles"] == 1 and summary["Policies"] == 1, summary
step("summary")

iam.delete_role(RoleName="app")
iam.delete_access_key(UserName="alice", AccessKeyId=k["AccessKeyId"])
iam.delete_user_policy(UserName="alice", PolicyName="no-bob")
assert error_of(lambda: iam.delete_user(UserName="alice"))[:2] == ("DeleteConflict", 409)
iam.remove_user_from_group(GroupName="readers", UserName="alice")
iam.delete_user(UserName="alice")
assert error_of(lambda: iam.delete_policy(PolicyArn=arn))[:2] == ("DeleteConflict", 409)
iam.detach_group_policy(GroupName="readers", PolicyArn=arn)
for vid in ["v3", "v4", "v5"]:
    iam.delete_policy_version(PolicyArn=arn, VersionId=vid)
iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
iam.delete_policy(PolicyArn=arn)
iam.delete_group(GroupName="readers")
assert error_of(lambda: iam.get_group(GroupName="readers"))[:2] == ("NoSuchEntity", 404)
step("cleanup")
print("DONE", flush=True)
`;
