{
  "targets": [
    {
      "target_name": "cairn_aead",
      "sources": ["src/aead.cc", "src/aes-gcm-vaes.cc"],
      "cflags_cc": ["-O2", "-std=c++17", "-fvisibility=hidden"],
      "libraries": ["-ldl"]
    }
  ]
}
