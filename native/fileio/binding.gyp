{
  "targets": [
    {
      "target_name": "cairn_fileio",
      "sources": ["src/fileio.cc"],
      "include_dirs": ["../crc32c/src"],
      "cflags_cc": ["-O2", "-std=c++17", "-fvisibility=hidden"]
    }
  ]
}
