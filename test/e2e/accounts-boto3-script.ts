/**
 * The Python program of the accounts e2e suite (issue #9, "End-to-end with the real AWS CLI and
 * boto3"), the boto3 half of the story the AWS CLI tests tell (accounts-s3, aws-cli-access-controls,
 * aws-cli-public-access-accounts): accounts A and B; B cannot see or read A's buckets; a bucket
 * policy grants B s3:GetObject on a prefix and B reads there and nowhere else; an IAM user of A
 * with a policy for one bucket can do exactly that; anonymous GET works only after a public-read
 * bucket policy and stops when Public Access Block is on; an ACL grant to B's canonical id under
 * ObjectWriter ownership; a disabled access key is refused at once. It asserts as it goes and
 * prints `STEP name` per check, then `DONE`.
 * Environment: CAIRN_ENDPOINT, A_KEY, A_SECRET, B_KEY, B_SECRET (the two accounts' roots).
 */
export const ACCOUNTS_BOTO3_STEPS = [
  'isolation', 'policy grants a prefix', 'iam user one bucket', 'anonymous read and public access block', 'acl grant to canonical id', 'disabled key',
];

export const ACCOUNTS_BOTO3_SCRIPT = String.raw`
import json, os
import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = os.environ["CAIRN_ENDPOINT"]
def cfg(**kw):
    return Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"}, **kw)
def client(service, key, secret):
    return boto3.client(service, endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key=secret,
                        region_name="us-east-1", config=cfg())
a = client("s3", os.environ["A_KEY"], os.environ["A_SECRET"])
b = client("s3", os.environ["B_KEY"], os.environ["B_SECRET"])
a_iam = client("iam", os.environ["A_KEY"], os.environ["A_SECRET"])
anon = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", config=cfg(signature_version=UNSIGNED))
a_account = a_iam.get_user()["User"]["Arn"].split(":")[4]
b_account = client("sts", os.environ["B_KEY"], os.environ["B_SECRET"]).get_caller_identity()["Account"]

def step(name):
    print("STEP " + name, flush=True)

def code_of(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"]
    raise AssertionError("expected a ClientError")

a.create_bucket(Bucket="b3-a-data")
a.put_object(Bucket="b3-a-data", Key="shared/report.txt", Body=b"shared by A")
a.put_object(Bucket="b3-a-data", Key="private/secret.txt", Body=b"private to A")
b.create_bucket(Bucket="b3-b-own")
assert [x["Name"] for x in b.list_buckets()["Buckets"]] == ["b3-b-own"]
assert "b3-a-data" in [x["Name"] for x in a.list_buckets()["Buckets"]]
assert "b3-b-own" not in [x["Name"] for x in a.list_buckets()["Buckets"]]
assert code_of(lambda: b.get_object(Bucket="b3-a-data", Key="shared/report.txt")) == "AccessDenied"
assert code_of(lambda: b.list_objects_v2(Bucket="b3-a-data")) == "AccessDenied"
assert code_of(lambda: b.create_bucket(Bucket="b3-a-data")) == "BucketAlreadyExists"
step("isolation")

a.put_bucket_policy(Bucket="b3-a-data", Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % b_account},
    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b3-a-data/shared/*"}]}))
assert b.get_object(Bucket="b3-a-data", Key="shared/report.txt")["Body"].read() == b"shared by A"
assert code_of(lambda: b.get_object(Bucket="b3-a-data", Key="private/secret.txt")) == "AccessDenied"
assert code_of(lambda: b.list_objects_v2(Bucket="b3-a-data")) == "AccessDenied"
assert code_of(lambda: b.put_object(Bucket="b3-a-data", Key="shared/from-b.txt", Body=b"x")) == "AccessDenied"
step("policy grants a prefix")

a.create_bucket(Bucket="b3-a-other")
a_iam.create_user(UserName="writer")
a_iam.put_user_policy(UserName="writer", PolicyName="one-bucket", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::b3-a-other", "arn:aws:s3:::b3-a-other/*"]}]}))
k = a_iam.create_access_key(UserName="writer")["AccessKey"]
w = client("s3", k["AccessKeyId"], k["SecretAccessKey"])
w.put_object(Bucket="b3-a-other", Key="w.txt", Body=b"by writer")
assert w.get_object(Bucket="b3-a-other", Key="w.txt")["Body"].read() == b"by writer"
assert [x["Key"] for x in w.list_objects_v2(Bucket="b3-a-other")["Contents"]] == ["w.txt"]
assert code_of(lambda: w.put_object(Bucket="b3-a-data", Key="w.txt", Body=b"x")) == "AccessDenied"
assert code_of(lambda: w.get_object(Bucket="b3-a-data", Key="shared/report.txt")) == "AccessDenied"
assert code_of(lambda: w.delete_object(Bucket="b3-a-other", Key="w.txt")) == "AccessDenied"
assert code_of(lambda: w.list_buckets()) == "AccessDenied"
assert code_of(lambda: w.put_object(Bucket="b3-b-own", Key="w.txt", Body=b"x")) == "AccessDenied"
step("iam user one bucket")

a.create_bucket(Bucket="b3-a-public")
a.put_object(Bucket="b3-a-public", Key="page.html", Body=b"<p>hello</p>")
assert code_of(lambda: anon.get_object(Bucket="b3-a-public", Key="page.html")) == "AccessDenied"
public = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b3-a-public/*"}]})
# New buckets block public policies (as on AWS): the public policy needs the block lifted first.
assert code_of(lambda: a.put_bucket_policy(Bucket="b3-a-public", Policy=public)) == "AccessDenied"
a.delete_public_access_block(Bucket="b3-a-public")
a.put_bucket_policy(Bucket="b3-a-public", Policy=public)
assert anon.get_object(Bucket="b3-a-public", Key="page.html")["Body"].read() == b"<p>hello</p>"
assert a.get_bucket_policy_status(Bucket="b3-a-public")["PolicyStatus"]["IsPublic"] is True
assert code_of(lambda: anon.put_object(Bucket="b3-a-public", Key="x", Body=b"x")) == "AccessDenied"
assert code_of(lambda: anon.list_objects_v2(Bucket="b3-a-public")) == "AccessDenied"
a.put_public_access_block(Bucket="b3-a-public", PublicAccessBlockConfiguration={
    "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
assert code_of(lambda: anon.get_object(Bucket="b3-a-public", Key="page.html")) == "AccessDenied"
step("anonymous read and public access block")

b_canonical = b.list_buckets()["Owner"]["ID"]
a.create_bucket(Bucket="b3-a-writer", ObjectOwnership="ObjectWriter")
assert a.get_bucket_ownership_controls(Bucket="b3-a-writer")["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "ObjectWriter"}]
a.put_object(Bucket="b3-a-writer", Key="for-b.txt", Body=b"for B")
a.put_object(Bucket="b3-a-writer", Key="not-for-b.txt", Body=b"not for B")
assert code_of(lambda: b.get_object(Bucket="b3-a-writer", Key="for-b.txt")) == "AccessDenied"
a.put_object_acl(Bucket="b3-a-writer", Key="for-b.txt", GrantRead="id=" + b_canonical)
grants = a.get_object_acl(Bucket="b3-a-writer", Key="for-b.txt")["Grants"]
assert {"Grantee": {"ID": b_canonical, "Type": "CanonicalUser"}, "Permission": "READ"} in [{"Grantee": {"ID": g["Grantee"].get("ID"), "Type": g["Grantee"]["Type"]}, "Permission": g["Permission"]} for g in grants], grants
assert b.get_object(Bucket="b3-a-writer", Key="for-b.txt")["Body"].read() == b"for B"
assert code_of(lambda: b.get_object(Bucket="b3-a-writer", Key="not-for-b.txt")) == "AccessDenied"
assert code_of(lambda: b.put_object_acl(Bucket="b3-a-writer", Key="for-b.txt", ACL="public-read")) == "AccessDenied"
# The default (BucketOwnerEnforced) refuses ACL grants outright.
assert code_of(lambda: a.put_object_acl(Bucket="b3-a-data", Key="shared/report.txt", GrantRead="id=" + b_canonical)) == "AccessControlListNotSupported"
step("acl grant to canonical id")

a_iam.update_access_key(UserName="writer", AccessKeyId=k["AccessKeyId"], Status="Inactive")
assert code_of(lambda: w.get_object(Bucket="b3-a-other", Key="w.txt")) == "InvalidAccessKeyId"
a_iam.update_access_key(UserName="writer", AccessKeyId=k["AccessKeyId"], Status="Active")
assert w.get_object(Bucket="b3-a-other", Key="w.txt")["Body"].read() == b"by writer"
step("disabled key")
print("DONE", flush=True)
`;
