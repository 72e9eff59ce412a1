#pragma once
// Portability macros: physics is written once as PD_HOST_DEVICE inline functions and compiled
// by g++ for the CPU backend and by nvcc for the CUDA backend.

#if defined(__CUDACC__)
#define PD_HOST_DEVICE __host__ __device__
#define PD_DEVICE __device__
#define PD_FORCE_INLINE __forceinline__
#else
#define PD_HOST_DEVICE
#define PD_DEVICE
#define PD_FORCE_INLINE inline __attribute__((always_inline))
#endif

#if defined(__CUDA_ARCH__)
#define PD_IS_DEVICE_CODE 1
#else
#define PD_IS_DEVICE_CODE 0
#endif

// min/max that always inline (fmaxf/fminf become library calls on the host unless NaN semantics
// are relaxed); arguments in the photon and heat kernels are never NaN.
#define PD_MAXF(a, b) ((a) > (b) ? (a) : (b))
#define PD_MINF(a, b) ((a) < (b) ? (a) : (b))
