/**
 * The Python program the SSE e2e suite runs with boto3 over HTTPS (CA bundle in
 * CAIRN_CA_BUNDLE): put/get/range/head/copy/multipart in SSE-S3, SSE-KMS and SSE-C; a wrong
 * SSE-C key is 403. Prints `STEP name` per passed check, then `DONE`.
 */
export const SSE_BOTO3_SCRIPT = String.raw`
import hashlib, os
import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

s3 = boto3.client(
    "s3", endpoint_url=os.environ["CAIRN_ENDPOINT"], verify=os.environ["CAIRN_CA_BUNDLE"],
    aws_access_key_id=os.environ["CAIRN_KEY"], aws_secret_access_key=os.environ["CAIRN_SECRET"], region_name="us-east-1",
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
)
bucket = "sse-boto3"
kms_key = os.environ["CAIRN_KMS_KEY"]
ssec = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": "b" * 32}

def step(name):
    print("STEP " + name, flush=True)

s3.create_bucket(Bucket=bucket)
body = os.urandom(300 * 1024 + 17)
modes = {
    "s3": {"ServerSideEncryption": "AES256"},
    "kms": {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key},
    "c": ssec,
}
for name, args in modes.items():
    put = s3.put_object(Bucket=bucket, Key=name, Body=body, **args)
    read = ssec if name == "c" else {}
    got = s3.get_object(Bucket=bucket, Key=name, **read)
    assert got["Body"].read() == body, name
    assert got["ContentLength"] == len(body)
    rng = s3.get_object(Bucket=bucket, Key=name, Range="bytes=70000-140000", **read)
    assert rng["Body"].read() == body[70000:140001], name
    head = s3.head_object(Bucket=bucket, Key=name, **read)
    if name == "s3":
        assert head["ServerSideEncryption"] == "AES256"
        assert put["ETag"] == '"%s"' % hashlib.md5(body).hexdigest()
    if name == "kms":
        assert head["ServerSideEncryption"] == "aws:kms" and head["SSEKMSKeyId"] == kms_key, head
    if name == "c":
        assert head["SSECustomerAlgorithm"] == "AES256"
step("put_get_range_head")

try:
    s3.get_object(Bucket=bucket, Key="c", SSECustomerAlgorithm="AES256", SSECustomerKey="x" * 32)
    raise AssertionError("wrong key accepted")
except ClientError as e:
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 403, e.response
step("wrong_ssec_key")

s3.copy_object(Bucket=bucket, Key="c-to-kms", CopySource={"Bucket": bucket, "Key": "c"},
               CopySourceSSECustomerAlgorithm="AES256", CopySourceSSECustomerKey="b" * 32,
               ServerSideEncryption="aws:kms", SSEKMSKeyId=kms_key)
assert s3.get_object(Bucket=bucket, Key="c-to-kms")["Body"].read() == body
s3.copy_object(Bucket=bucket, Key="s3-to-c", CopySource={"Bucket": bucket, "Key": "s3"}, **ssec)
assert s3.get_object(Bucket=bucket, Key="s3-to-c", **ssec)["Body"].read() == body
step("copy")

big = os.path.join(os.environ["CAIRN_WORKDIR"], "big.bin")
data = os.urandom(11 * 1024 * 1024 + 5)
with open(big, "wb") as f:
    f.write(data)
cfg = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024, max_concurrency=2)
for name, args in modes.items():
    s3.upload_file(big, bucket, "mp-" + name, ExtraArgs=args, Config=cfg)
    read = ssec if name == "c" else {}
    got = s3.get_object(Bucket=bucket, Key="mp-" + name, **read)
    assert got["ETag"].endswith('-3"'), got["ETag"]
    assert got["Body"].read() == data, name
    rng = s3.get_object(Bucket=bucket, Key="mp-" + name, Range="bytes=5242000-5243000", **read)
    assert rng["Body"].read() == data[5242000:5243001]
step("multipart")
print("DONE", flush=True)
`;

export const SSE_BOTO3_STEPS = ['put_get_range_head', 'wrong_ssec_key', 'copy', 'multipart'];
