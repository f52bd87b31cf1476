#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "proto_ts.h"
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+1e-9*t.tv_nsec;}
static uint64_t st=88172645463325252ull;
static double urand(void){st^=st<<13;st^=st>>7;st^=st<<17;return ((st>>11)+0.5)*0x1p-53;}
static int cmpd(const void*a,const void*b){double x=*(double*)a,y=*(double*)b;return x<y?-1:x>y;}
typedef void (*kern)(const float*,float*,size_t);
static double timeit(kern k,const float*x,float*y,size_t n,int reps){
  double *t=malloc(reps*sizeof*t);
  for(int r=0;r<reps;r++){double t0=now();k(x,y,n);t[r]=now()-t0;}
  qsort(t,reps,sizeof*t,cmpd);double m=t[reps/2];free(t);return m;}
int main(int argc,char**argv){
  size_t n=argc>1?strtoul(argv[1],0,10):262144;
  float*x=aligned_alloc(64,n*4),*y=aligned_alloc(64,n*4);
  for(int dist=0;dist<2;dist++){
    for(size_t i=0;i<n;i++){ if(dist==0){double u1=urand(),u2=urand();x[i]=(float)(sqrt(-2*log(u1))*cos(6.283185307179586*u2));} else x[i]=(float)(-10+20*urand());}
    struct{const char*nm;kern k;int reps;}K[4]={{"tanh avx512",proto_tanh_avx512,400},{"tanh scalar",proto_tanh_scalar,20},{"sigmoid avx512",proto_sigmoid_avx512,400},{"sigmoid scalar",proto_sigmoid_scalar,20}};
    for(int k=0;k<4;k++){double t=timeit(K[k].k,x,y,n,K[k].reps);
      printf("%s %-14s n=%zu: %.3f Gelem/s, %.3f ns/elem, %.3f cycles/elem @3.6GHz\n",dist?"U[-10,10]":"N(0,1)   ",K[k].nm,n,n/t*1e-9,t/n*1e9,t/n*1e9*3.6);}
  }
  return 0;}
