{
  "targets": [
    {
      "target_name": "reid_native",
      "sources": [
        "src/addon.cc", "src/handle.cc", "src/args.cc", "src/creation.cc", "src/elementwise.cc",
        "src/reduction.cc", "src/shape.cc", "src/nn.cc", "src/autograd.cc", "src/system.cc", "src/optim.cc", "src/allocator.cc",
        "src/scan.cc", "src/scan-kernels.cc", "src/scan-pool.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(node ../scripts/find-libtorch.mjs include)"
      ],
      "libraries": ["<!@(node ../scripts/find-libtorch.mjs libs)"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++14"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-frtti", "-O2", "-Wno-unused-parameter", "<!@(node ../scripts/find-libtorch.mjs cflags)"]
    }
  ]
}
