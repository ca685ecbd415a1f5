/**
 * @aws-sdk/client-s3 v3: bucket tagging (Put/Get/DeleteBucketTagging; the SDK adds the
 * checksum AWS requires), the id-addressed bucket configurations Cairn does not perform
 * (analytics, inventory, metrics, intelligent-tiering: Get NoSuchConfiguration, List empty,
 * Put 501), and Puts of a setting's default state (logging off, owner pays).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteBucketTaggingCommand, GetBucketAnalyticsConfigurationCommand, GetBucketIntelligentTieringConfigurationCommand,
  GetBucketInventoryConfigurationCommand, GetBucketMetricsConfigurationCommand, GetBucketRequestPaymentCommand,
  GetBucketTaggingCommand, ListBucketAnalyticsConfigurationsCommand, ListBucketIntelligentTieringConfigurationsCommand,
  ListBucketInventoryConfigurationsCommand, ListBucketMetricsConfigurationsCommand, PutBucketLoggingCommand,
  PutBucketMetricsConfigurationCommand, PutBucketRequestPaymentCommand, PutBucketTaggingCommand,
} from '@aws-sdk/client-s3';
import { s3Failure, startSdkSuite, type SdkSuite } from '../helpers/s3-client.js';

const Bucket = 'sdk-bucket-settings';
let suite: SdkSuite;
before(async () => { suite = await startSdkSuite({ bucket: Bucket }); });
after(async () => { await suite?.stop(); });

describe('bucket tagging (aws-sdk v3)', () => {
  it('NoSuchTagSet, then Put / Get round trip, then Delete', async () => {
    const { s3 } = suite;
    assert.deepEqual(await s3Failure(s3.send(new GetBucketTaggingCommand({ Bucket }))), { code: 'NoSuchTagSet', status: 404 });
    const TagSet = [{ Key: 'project', Value: 'cairn' }, { Key: 'env', Value: 'test run 1' }];
    const put = await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet } }));
    assert.equal(put.$metadata.httpStatusCode, 200, '200, which minio-js requires');
    assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet, TagSet);
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    assert.deepEqual(await s3Failure(s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: tooMany } }))), { code: 'InvalidTag', status: 400 });
    await s3.send(new DeleteBucketTaggingCommand({ Bucket }));
    assert.equal((await s3Failure(s3.send(new GetBucketTaggingCommand({ Bucket })))).code, 'NoSuchTagSet');
  });
});

describe('configurations Cairn does not perform (aws-sdk v3)', () => {
  it('Get by id is NoSuchConfiguration, List is empty, Put is NotImplemented', async () => {
    const { s3 } = suite;
    const Id = 'cfg1';
    for (const cmd of [new GetBucketAnalyticsConfigurationCommand({ Bucket, Id }), new GetBucketInventoryConfigurationCommand({ Bucket, Id }),
      new GetBucketMetricsConfigurationCommand({ Bucket, Id }), new GetBucketIntelligentTieringConfigurationCommand({ Bucket, Id })]) {
      assert.deepEqual(await s3Failure(s3.send(cmd as GetBucketMetricsConfigurationCommand)), { code: 'NoSuchConfiguration', status: 404 });
    }
    const analytics = await s3.send(new ListBucketAnalyticsConfigurationsCommand({ Bucket }));
    assert.equal(analytics.IsTruncated, false);
    assert.equal(analytics.AnalyticsConfigurationList, undefined);
    assert.equal((await s3.send(new ListBucketInventoryConfigurationsCommand({ Bucket }))).InventoryConfigurationList, undefined);
    assert.equal((await s3.send(new ListBucketMetricsConfigurationsCommand({ Bucket }))).MetricsConfigurationList, undefined);
    const tiering = await s3.send(new ListBucketIntelligentTieringConfigurationsCommand({ Bucket }));
    assert.equal(tiering.IsTruncated, false);
    const put = new PutBucketMetricsConfigurationCommand({ Bucket, Id, MetricsConfiguration: { Id } });
    assert.deepEqual(await s3Failure(s3.send(put)), { code: 'NotImplemented', status: 501 });
  });

  it('logging off and owner-pays are accepted; Requester pays is NotImplemented', async () => {
    const { s3 } = suite;
    await s3.send(new PutBucketLoggingCommand({ Bucket, BucketLoggingStatus: {} }));
    await s3.send(new PutBucketRequestPaymentCommand({ Bucket, RequestPaymentConfiguration: { Payer: 'BucketOwner' } }));
    assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket }))).Payer, 'BucketOwner');
    const requester = new PutBucketRequestPaymentCommand({ Bucket, RequestPaymentConfiguration: { Payer: 'Requester' } });
    assert.deepEqual(await s3Failure(s3.send(requester)), { code: 'NotImplemented', status: 501 });
  });
});
