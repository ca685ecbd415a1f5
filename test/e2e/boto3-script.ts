/**
 * The Python program the boto3 suite writes to a temp file and runs with /usr/bin/python3.
 * It asserts as it goes and prints one `STEP name` line per check that passed, then `DONE`.
 * (Debian's botocore has no conditional-delete parameters: those are driven by the SDK v3 suite.)
 * Arguments come from the environment: CAIRN_ENDPOINT, CAIRN_KEY, CAIRN_SECRET, CAIRN_WORKDIR.
 */
export const BOTO3_SCRIPT = String.raw`
import hashlib, os, sys, urllib.request
import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = os.environ["CAIRN_ENDPOINT"]
workdir = os.environ["CAIRN_WORKDIR"]
s3 = boto3.client(
    "s3",
    endpoint_url=endpoint,
    aws_access_key_id=os.environ["CAIRN_KEY"],
    aws_secret_access_key=os.environ["CAIRN_SECRET"],
    region_name="us-east-1",
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
)
bucket = "boto3-bucket"

def step(name):
    print("STEP " + name, flush=True)

def error_code(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("expected a ClientError")

s3.create_bucket(Bucket=bucket)
assert bucket in [b["Name"] for b in s3.list_buckets()["Buckets"]]
step("create_bucket")

body = b"hello from boto3 " * 100
put = s3.put_object(Bucket=bucket, Key="dir/hello.txt", Body=body, ContentType="text/plain", Metadata={"lang": "python"})
assert put["ETag"] == '"%s"' % hashlib.md5(body).hexdigest(), put["ETag"]
got = s3.get_object(Bucket=bucket, Key="dir/hello.txt")
assert got["Body"].read() == body
assert got["Metadata"] == {"lang": "python"}, got["Metadata"]
assert got["ContentType"] == "text/plain"
ranged = s3.get_object(Bucket=bucket, Key="dir/hello.txt", Range="bytes=6-9")
assert ranged["Body"].read() == b"from"
assert ranged["ContentRange"] == "bytes 6-9/%d" % len(body)
step("put_get")

for i in range(25):
    s3.put_object(Bucket=bucket, Key="list/%02d" % i, Body=b"x" * i)
paginator = s3.get_paginator("list_objects_v2")
keys = []
for page in paginator.paginate(Bucket=bucket, Prefix="list/", PaginationConfig={"PageSize": 10}):
    keys.extend(o["Key"] for o in page.get("Contents", []))
assert keys == ["list/%02d" % i for i in range(25)], keys
top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
assert sorted(p["Prefix"] for p in top["CommonPrefixes"]) == ["dir/", "list/"], top
step("list")

big = os.path.join(workdir, "big.bin")
with open(big, "wb") as f:
    f.write(os.urandom(13 * 1024 * 1024))
cfg = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024, max_concurrency=2)
s3.upload_file(big, bucket, "big.bin", Config=cfg)
head = s3.head_object(Bucket=bucket, Key="big.bin")
assert head["ContentLength"] == 13 * 1024 * 1024
assert head["ETag"].endswith('-3"'), head["ETag"]
down = os.path.join(workdir, "big.down")
s3.download_file(bucket, "big.bin", down, Config=cfg)
def sha(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
assert sha(big) == sha(down)
step("multipart_transfer")

s3.copy({"Bucket": bucket, "Key": "big.bin"}, bucket, "big-copy.bin", Config=cfg)
copied = s3.head_object(Bucket=bucket, Key="big-copy.bin")
assert copied["ContentLength"] == 13 * 1024 * 1024
assert copied["ETag"].endswith('-3"'), copied["ETag"]
s3.download_file(bucket, "big-copy.bin", down, Config=cfg)
assert sha(big) == sha(down)
step("managed_copy")

mpu = s3.create_multipart_upload(Bucket=bucket, Key="manual.bin")
p1 = os.urandom(5 * 1024 * 1024)
p2 = b"tail"
e1 = s3.upload_part(Bucket=bucket, Key="manual.bin", UploadId=mpu["UploadId"], PartNumber=1, Body=p1)["ETag"]
e2 = s3.upload_part(Bucket=bucket, Key="manual.bin", UploadId=mpu["UploadId"], PartNumber=2, Body=p2)["ETag"]
s3.complete_multipart_upload(Bucket=bucket, Key="manual.bin", UploadId=mpu["UploadId"],
    MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
assert s3.get_object(Bucket=bucket, Key="manual.bin")["Body"].read() == p1 + p2
step("multipart_manual")

url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "dir/hello.txt"}, ExpiresIn=120)
with urllib.request.urlopen(url, timeout=30) as r:
    assert r.status == 200 and r.read() == body
put_url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "presigned-put"}, ExpiresIn=120)
req = urllib.request.Request(put_url, data=b"put through a presigned url", method="PUT")
with urllib.request.urlopen(req, timeout=30) as r:
    assert r.status == 200
assert s3.get_object(Bucket=bucket, Key="presigned-put")["Body"].read() == b"put through a presigned url"
step("presigned")

mpu = s3.create_multipart_upload(Bucket=bucket, Key="retried")["UploadId"]
etag = s3.upload_part(Bucket=bucket, Key="retried", UploadId=mpu, PartNumber=1, Body=b"only part")["ETag"]
parts = {"Parts": [{"PartNumber": 1, "ETag": etag}]}
first = s3.complete_multipart_upload(Bucket=bucket, Key="retried", UploadId=mpu, MultipartUpload=parts)
again = s3.complete_multipart_upload(Bucket=bucket, Key="retried", UploadId=mpu, MultipartUpload=parts)
assert (again["ETag"], again["Location"], again["Key"]) == (first["ETag"], first["Location"], first["Key"]), (first, again)
assert error_code(lambda: s3.get_object(Bucket=bucket, Key="retried", PartNumber=2)) == ("InvalidPartNumber", 400)
step("complete_retried")

s3.put_object(Bucket=bucket, Key="enc/sp ace+plus%", Body=b"x")
listed = s3.list_objects_v2(Bucket=bucket, Prefix="enc/sp ace")  # botocore asks encoding-type=url and decodes
assert [o["Key"] for o in listed["Contents"]] == ["enc/sp ace+plus%"], listed
step("url_encoding")

s3.delete_object(Bucket=bucket, Key="enc/sp ace+plus%")

assert error_code(lambda: s3.get_bucket_tagging(Bucket=bucket)) == ("NoSuchTagSet", 404)
s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "team", "Value": "storage"}]})
assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [{"Key": "team", "Value": "storage"}]
many = {"TagSet": [{"Key": "k%d" % i, "Value": "v"} for i in range(11)]}
assert error_code(lambda: s3.put_object_tagging(Bucket=bucket, Key="retried", Tagging=many)) == ("BadRequest", 400)
s3.delete_bucket_tagging(Bucket=bucket)
assert error_code(lambda: s3.get_bucket_inventory_configuration(Bucket=bucket, Id="inv")) == ("NoSuchConfiguration", 404)
step("tagging")

assert error_code(lambda: s3.get_object(Bucket=bucket, Key="missing")) == ("NoSuchKey", 404)
assert error_code(lambda: s3.delete_bucket(Bucket=bucket)) == ("BucketNotEmpty", 409)
step("errors")

s3.delete_object(Bucket=bucket, Key="dir/hello.txt")
assert error_code(lambda: s3.head_object(Bucket=bucket, Key="dir/hello.txt"))[1] == 404
remaining = [o["Key"] for page in paginator.paginate(Bucket=bucket) for o in page.get("Contents", [])]
res = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in remaining]})
assert sorted(d["Key"] for d in res["Deleted"]) == sorted(remaining), res
assert "Errors" not in res or res["Errors"] == [], res
assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
s3.delete_bucket(Bucket=bucket)
step("delete")

# Object Lock (S3 User Guide, "How S3 Object Lock works"): a bucket created with it, default
# retention, retention and legal hold by version, GOVERNANCE bypass, COMPLIANCE for everyone.
import datetime
lock_bucket = "boto3-lock"
s3.create_bucket(Bucket=lock_bucket, ObjectLockEnabledForBucket=True)
s3.put_object_lock_configuration(Bucket=lock_bucket, ObjectLockConfiguration={
    "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}}})
cfg_lock = s3.get_object_lock_configuration(Bucket=lock_bucket)["ObjectLockConfiguration"]
assert cfg_lock["Rule"]["DefaultRetention"] == {"Mode": "GOVERNANCE", "Days": 1}, cfg_lock
v_default = s3.put_object(Bucket=lock_bucket, Key="k", Body=b"default", ChecksumAlgorithm="CRC32")["VersionId"]
assert s3.get_object_retention(Bucket=lock_bucket, Key="k", VersionId=v_default)["Retention"]["Mode"] == "GOVERNANCE"
assert error_code(lambda: s3.delete_object(Bucket=lock_bucket, Key="k", VersionId=v_default)) == ("AccessDenied", 403)
s3.delete_object(Bucket=lock_bucket, Key="k", VersionId=v_default, BypassGovernanceRetention=True)
until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
v_comp = s3.put_object(Bucket=lock_bucket, Key="c", Body=b"compliance", ChecksumAlgorithm="CRC32",
    ObjectLockMode="COMPLIANCE", ObjectLockRetainUntilDate=until)["VersionId"]
head = s3.head_object(Bucket=lock_bucket, Key="c", VersionId=v_comp)
assert head["ObjectLockMode"] == "COMPLIANCE", head
assert error_code(lambda: s3.put_object_retention(Bucket=lock_bucket, Key="c", VersionId=v_comp, BypassGovernanceRetention=True,
    Retention={"Mode": "GOVERNANCE", "RetainUntilDate": until})) == ("AccessDenied", 403)
res = s3.delete_objects(Bucket=lock_bucket, BypassGovernanceRetention=True, Delete={"Objects": [{"Key": "c", "VersionId": v_comp}]})
assert [e["Code"] for e in res.get("Errors", [])] == ["AccessDenied"], res
s3.put_object_legal_hold(Bucket=lock_bucket, Key="c", VersionId=v_comp, LegalHold={"Status": "ON"})
assert s3.get_object_legal_hold(Bucket=lock_bucket, Key="c", VersionId=v_comp)["LegalHold"]["Status"] == "ON"
assert s3.get_object(Bucket=lock_bucket, Key="c", VersionId=v_comp)["Body"].read() == b"compliance"
step("object_lock")
print("DONE", flush=True)
`;

export const BOTO3_STEPS = ['create_bucket', 'put_get', 'list', 'multipart_transfer', 'managed_copy', 'multipart_manual', 'presigned',
  'complete_retried', 'url_encoding', 'tagging', 'errors', 'delete', 'object_lock'];
