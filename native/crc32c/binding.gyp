{
  "targets": [
    {
      "target_name": "cairn_crc32c",
      "sources": ["src/crc32c.cc"],
      "cflags_cc": ["-O2", "-std=c++17", "-fvisibility=hidden"]
    }
  ]
}
