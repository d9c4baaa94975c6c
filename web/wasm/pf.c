/*
 * GridSolve browser power flow: Newton-Raphson (polar, full Jacobian), fast-decoupled (XB) and Gauss-Seidel,
 * with the engine's generator Q-limit loop. It only solves: the arrays come from the engine's compiled network
 * (gridsolve.powerflow.external.CompiledPayload: branch two-ports, bus shunts, bus types, ZIP injections,
 * start voltages, per-bus Q limits and set points), and the engine builds the results from the voltages.
 *
 * The Jacobian is kept in its "full" 2n x 2n form with 2x2 blocks per bus pair (rows of the reference bus
 * and the Q rows of PV buses become identity rows), so its sparsity pattern equals the Ybus pattern and never
 * changes, not even when a PV bus becomes PQ at a Q limit. It is factorized by a block LU (no pivoting across
 * blocks, explicit 2x2 inverses) in a minimum-degree order computed once from the bus graph; each iteration
 * only refactorizes numerically (the lightsim2grid/KLU idea).
 *
 * Build: web/scripts/build_wasm.sh (python -m ziglang cc --target=wasm32-wasi -O3 -mexec-model=reactor -s)
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))

enum { BUS_ISOLATED = 0, BUS_PQ = 1, BUS_PV = 2, BUS_REF = 3 };

EXPORT("gs_malloc") void *gs_malloc(int n) { return malloc((size_t)n); }
EXPORT("gs_free") void gs_free(void *p) { free(p); }

/* ---------------------------------------------------------------- block-sparse LU */

typedef struct {
  int n;
  int *pos;       /* pos[bus] = elimination step */
  int *order;     /* order[step] = bus */
  int *nbr_ptr;   /* per bus: higher neighbours (in elimination order), sorted by pos */
  int *nbr;       /* neighbour bus ids */
  double *d;      /* 4*n diagonal blocks */
  double *up;     /* 4*nslot: A[k, j] for j in nbr(k) */
  double *lo;     /* 4*nslot: A[j, k] for j in nbr(k) (holds L after factorization) */
  int nslot;
  int *where;     /* scatter work, n */
} BlockLU;

typedef struct { int *a; int n, cap; } IVec;

static void ivec_push(IVec *v, int x) {
  if (v->n == v->cap) {
    v->cap = v->cap ? 2 * v->cap : 8;
    v->a = (int *)realloc(v->a, sizeof(int) * (size_t)v->cap);
  }
  v->a[v->n++] = x;
}

static int cmp_pos_ctx_pos_(const int *pos, int a, int b) { return pos[a] - pos[b]; }

static void sort_by_pos(int *a, int n, const int *pos) {
  for (int i = 1; i < n; i++) {
    int x = a[i], j = i - 1;
    while (j >= 0 && cmp_pos_ctx_pos_(pos, a[j], x) > 0) { a[j + 1] = a[j]; j--; }
    a[j + 1] = x;
  }
}

/* Symbolic analysis: minimum degree on the graph given by CSR (row_ptr, col), then the fill. */
static int blu_analyze(BlockLU *lu, int n, const int *row_ptr, const int *col) {
  memset(lu, 0, sizeof(*lu));
  lu->n = n;
  IVec *adj = (IVec *)calloc((size_t)n, sizeof(IVec));
  for (int i = 0; i < n; i++)
    for (int k = row_ptr[i]; k < row_ptr[i + 1]; k++)
      if (col[k] != i) ivec_push(&adj[i], col[k]);
  int *alive = (int *)malloc(sizeof(int) * (size_t)n);
  int *mark = (int *)malloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; i++) { alive[i] = 1; mark[i] = -1; }
  lu->pos = (int *)malloc(sizeof(int) * (size_t)n);
  lu->order = (int *)malloc(sizeof(int) * (size_t)n);
  IVec fill = {0};
  int *fill_ptr = (int *)malloc(sizeof(int) * (size_t)(n + 1));
  /* degree buckets would be faster; a linear scan is fine for a few thousand buses */
  for (int step = 0; step < n; step++) {
    int best = -1, bestdeg = 1 << 30;
    for (int i = 0; i < n; i++)
      if (alive[i] && adj[i].n < bestdeg) { bestdeg = adj[i].n; best = i; }
    int v = best;
    alive[v] = 0;
    lu->pos[v] = step;
    lu->order[step] = v;
    fill_ptr[v] = fill.n;
    IVec *av = &adj[v];
    for (int a = 0; a < av->n; a++) ivec_push(&fill, av->a[a]);
    /* connect the neighbours into a clique and remove v */
    for (int a = 0; a < av->n; a++) {
      int u = av->a[a];
      IVec *au = &adj[u];
      int w = 0;
      for (int b = 0; b < au->n; b++) {
        if (au->a[b] != v) { au->a[w++] = au->a[b]; mark[au->a[b]] = u; }
      }
      au->n = w;
      mark[u] = u;
      for (int b = 0; b < av->n; b++) {
        int x = av->a[b];
        if (mark[x] != u) { ivec_push(au, x); mark[x] = u; }
      }
    }
  }
  /* per-bus neighbour lists in bus order */
  lu->nbr_ptr = (int *)malloc(sizeof(int) * (size_t)(n + 1));
  lu->nbr = (int *)malloc(sizeof(int) * (size_t)(fill.n > 0 ? fill.n : 1));
  int off = 0;
  for (int i = 0; i < n; i++) {
    lu->nbr_ptr[i] = off;
    int cnt = (i < n - 1 ? 0 : 0);
    (void)cnt;
    /* fill entries of bus i are contiguous from fill_ptr[i] up to the next bus's start in step order */
    int step = lu->pos[i];
    int end = step + 1 < n ? fill_ptr[lu->order[step + 1]] : fill.n;
    for (int k = fill_ptr[i]; k < end; k++) lu->nbr[off++] = fill.a[k];
    sort_by_pos(lu->nbr + lu->nbr_ptr[i], off - lu->nbr_ptr[i], lu->pos);
  }
  lu->nbr_ptr[n] = off;
  lu->nslot = off;
  lu->d = (double *)calloc((size_t)(4 * n), sizeof(double));
  lu->up = (double *)calloc((size_t)(4 * (off > 0 ? off : 1)), sizeof(double));
  lu->lo = (double *)calloc((size_t)(4 * (off > 0 ? off : 1)), sizeof(double));
  lu->where = (int *)malloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; i++) lu->where[i] = -1;
  for (int i = 0; i < n; i++) free(adj[i].a);
  free(adj); free(alive); free(mark); free(fill.a); free(fill_ptr);
  return 0;
}

static void blu_free(BlockLU *lu) {
  free(lu->pos); free(lu->order); free(lu->nbr_ptr); free(lu->nbr);
  free(lu->d); free(lu->up); free(lu->lo); free(lu->where);
}

/* Slot of the pair (i, j), i != j: returns pointer to the 2x2 block A[i, j]. */
static double *blu_entry(BlockLU *lu, int i, int j) {
  if (i == j) return lu->d + 4 * i;
  int a = i, b = j, upper = 1;
  if (lu->pos[i] > lu->pos[j]) { a = j; b = i; upper = 0; }
  for (int s = lu->nbr_ptr[a]; s < lu->nbr_ptr[a + 1]; s++)
    if (lu->nbr[s] == b) return upper ? lu->up + 4 * s : lu->lo + 4 * s;
  return 0;
}

static inline void m2_mul(const double *a, const double *b, double *c) {
  c[0] = a[0] * b[0] + a[1] * b[2];
  c[1] = a[0] * b[1] + a[1] * b[3];
  c[2] = a[2] * b[0] + a[3] * b[2];
  c[3] = a[2] * b[1] + a[3] * b[3];
}

static inline void m2_sub_mul(double *c, const double *a, const double *b) {
  c[0] -= a[0] * b[0] + a[1] * b[2];
  c[1] -= a[0] * b[1] + a[1] * b[3];
  c[2] -= a[2] * b[0] + a[3] * b[2];
  c[3] -= a[2] * b[1] + a[3] * b[3];
}

/* Numeric factorization in place: d holds inverse diagonal blocks, lo holds L (unit block diag). */
static int blu_factor(BlockLU *lu) {
  int n = lu->n;
  double tmp[4];
  for (int step = 0; step < n; step++) {
    int k = lu->order[step];
    double *dk = lu->d + 4 * k;
    double det = dk[0] * dk[3] - dk[1] * dk[2];
    if (det == 0 || !isfinite(det)) return -1 - k;
    double inv[4] = {dk[3] / det, -dk[1] / det, -dk[2] / det, dk[0] / det};
    memcpy(dk, inv, sizeof inv);
    int s0 = lu->nbr_ptr[k], s1 = lu->nbr_ptr[k + 1];
    for (int s = s0; s < s1; s++) { /* L[j,k] = A[j,k] * inv(D_k) */
      m2_mul(lu->lo + 4 * s, inv, tmp);
      memcpy(lu->lo + 4 * s, tmp, sizeof tmp);
    }
    for (int sa = s0; sa < s1; sa++) {
      int a = lu->nbr[sa];
      const double *la = lu->lo + 4 * sa; /* L[a,k] */
      const double *ua = lu->up + 4 * sa; /* U[k,a] */
      /* diagonal: A[a,a] -= L[a,k] U[k,a] */
      m2_sub_mul(lu->d + 4 * a, la, ua);
      if (sa + 1 == s1) continue;
      for (int t = lu->nbr_ptr[a]; t < lu->nbr_ptr[a + 1]; t++) lu->where[lu->nbr[t]] = t;
      for (int sb = sa + 1; sb < s1; sb++) { /* pos(a) < pos(b) */
        int b = lu->nbr[sb];
        int t = lu->where[b];
        /* A[a,b] -= L[a,k] U[k,b];  A[b,a] -= L[b,k] U[k,a] */
        m2_sub_mul(lu->up + 4 * t, la, lu->up + 4 * sb);
        m2_sub_mul(lu->lo + 4 * t, lu->lo + 4 * sb, ua);
      }
      for (int t = lu->nbr_ptr[a]; t < lu->nbr_ptr[a + 1]; t++) lu->where[lu->nbr[t]] = -1;
    }
  }
  return 0;
}

/* Solve in place: x (2n) holds the right-hand side on entry. */
static void blu_solve(const BlockLU *lu, double *x) {
  int n = lu->n;
  for (int step = 0; step < n; step++) {
    int k = lu->order[step];
    double xk0 = x[2 * k], xk1 = x[2 * k + 1];
    for (int s = lu->nbr_ptr[k]; s < lu->nbr_ptr[k + 1]; s++) {
      int j = lu->nbr[s];
      const double *l = lu->lo + 4 * s;
      x[2 * j] -= l[0] * xk0 + l[1] * xk1;
      x[2 * j + 1] -= l[2] * xk0 + l[3] * xk1;
    }
  }
  for (int step = n - 1; step >= 0; step--) {
    int k = lu->order[step];
    double r0 = x[2 * k], r1 = x[2 * k + 1];
    for (int s = lu->nbr_ptr[k]; s < lu->nbr_ptr[k + 1]; s++) {
      int j = lu->nbr[s];
      const double *u = lu->up + 4 * s;
      r0 -= u[0] * x[2 * j] + u[1] * x[2 * j + 1];
      r1 -= u[2] * x[2 * j] + u[3] * x[2 * j + 1];
    }
    const double *di = lu->d + 4 * k;
    x[2 * k] = di[0] * r0 + di[1] * r1;
    x[2 * k + 1] = di[2] * r0 + di[3] * r1;
  }
}

static void blu_zero(BlockLU *lu) {
  memset(lu->d, 0, sizeof(double) * 4 * (size_t)lu->n);
  memset(lu->up, 0, sizeof(double) * 4 * (size_t)(lu->nslot ? lu->nslot : 1));
  memset(lu->lo, 0, sizeof(double) * 4 * (size_t)(lu->nslot ? lu->nslot : 1));
}

/* ---------------------------------------------------------------- Ybus */

typedef struct {
  int n, nnz;
  int *row_ptr, *col;
  double *re, *im;
  double **dest; /* per entry: pointer to its Jacobian block (after analyze) */
} CsrC;

static int find_col(const CsrC *y, int i, int j) {
  int lo = y->row_ptr[i], hi = y->row_ptr[i + 1] - 1;
  while (lo <= hi) {
    int mid = (lo + hi) >> 1;
    if (y->col[mid] == j) return mid;
    if (y->col[mid] < j) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

static void build_ybus(CsrC *y, int n, int nbr, const int *f, const int *t, const double *yb,
                       const double *ysh) {
  y->n = n;
  int *cnt = (int *)calloc((size_t)n + 1, sizeof(int));
  for (int i = 0; i < n; i++) cnt[i] = 1;
  for (int b = 0; b < nbr; b++) { cnt[f[b]]++; cnt[t[b]]++; }
  y->row_ptr = (int *)malloc(sizeof(int) * (size_t)(n + 1));
  y->row_ptr[0] = 0;
  for (int i = 0; i < n; i++) y->row_ptr[i + 1] = y->row_ptr[i] + cnt[i];
  int *tmpcol = (int *)malloc(sizeof(int) * (size_t)y->row_ptr[n]);
  int *fillp = (int *)malloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; i++) { fillp[i] = y->row_ptr[i]; tmpcol[fillp[i]++] = i; }
  for (int b = 0; b < nbr; b++) { tmpcol[fillp[f[b]]++] = t[b]; tmpcol[fillp[t[b]]++] = f[b]; }
  /* sort + dedupe each row */
  int *newptr = (int *)malloc(sizeof(int) * (size_t)(n + 1));
  int w = 0;
  newptr[0] = 0;
  for (int i = 0; i < n; i++) {
    int s = y->row_ptr[i], e = y->row_ptr[i + 1];
    for (int a = s + 1; a < e; a++) {
      int x = tmpcol[a], c = a - 1;
      while (c >= s && tmpcol[c] > x) { tmpcol[c + 1] = tmpcol[c]; c--; }
      tmpcol[c + 1] = x;
    }
    for (int a = s; a < e; a++)
      if (a == s || tmpcol[a] != tmpcol[a - 1]) tmpcol[w++] = tmpcol[a];
    newptr[i + 1] = w;
  }
  free(y->row_ptr);
  y->row_ptr = newptr;
  y->nnz = w;
  y->col = (int *)realloc(tmpcol, sizeof(int) * (size_t)(w ? w : 1));
  y->re = (double *)calloc((size_t)(w ? w : 1), sizeof(double));
  y->im = (double *)calloc((size_t)(w ? w : 1), sizeof(double));
  y->dest = 0;
  for (int i = 0; i < n; i++) {
    int k = find_col(y, i, i);
    y->re[k] += ysh[2 * i];
    y->im[k] += ysh[2 * i + 1];
  }
  for (int b = 0; b < nbr; b++) {
    const double *v = yb + 8 * b;
    int kff = find_col(y, f[b], f[b]), kft = find_col(y, f[b], t[b]);
    int ktf = find_col(y, t[b], f[b]), ktt = find_col(y, t[b], t[b]);
    y->re[kff] += v[0]; y->im[kff] += v[1];
    y->re[kft] += v[2]; y->im[kft] += v[3];
    y->re[ktf] += v[4]; y->im[ktf] += v[5];
    y->re[ktt] += v[6]; y->im[ktt] += v[7];
  }
  free(cnt); free(fillp);
}

static void free_ybus(CsrC *y) { free(y->row_ptr); free(y->col); free(y->re); free(y->im); free(y->dest); }

/* ---------------------------------------------------------------- power flow */

typedef struct {
  int n;
  int *type;                  /* current bus types (PV buses may become PQ at a Q limit) */
  const double *sp, *si, *sz; /* ZIP injections (generation minus load), pu: P,Q pairs */
  const double *qf;           /* Q pinned at a limit (PV -> PQ), pu; 0 elsewhere */
  double *vm, *va;
  double *vr, *vi;            /* rectangular voltages */
  double *ir, *ii;            /* Ybus * V */
  double *mis;                /* 2n mismatch P,Q (masked) */
  double pmax, qmax;          /* largest |P| mismatch over PV+PQ buses, |Q| over PQ buses */
} PFState;

/* Specified injection at |V| = vm (the engine's CompiledNetwork.s_bus(vm) + 1j * q_fixed, same operation order). */
static inline double spec_p(const PFState *s, int i, double vm) {
  return s->sp[2 * i] + s->si[2 * i] * vm + s->sz[2 * i] * (vm * vm);
}
static inline double spec_q(const PFState *s, int i, double vm) {
  return s->sp[2 * i + 1] + s->si[2 * i + 1] * vm + s->sz[2 * i + 1] * (vm * vm) + s->qf[i];
}

/* Rectangular voltages from polar, then polar again from them (|V|, angle in (-pi, pi]), as the
   engine does after every update (numpy abs/angle): the iterates and the answer match its form. */
static void update_rect(PFState *s) {
  for (int i = 0; i < s->n; i++) {
    double vr = s->vm[i] * cos(s->va[i]), vi = s->vm[i] * sin(s->va[i]);
    s->vr[i] = vr;
    s->vi[i] = vi;
    if (s->type[i] != BUS_ISOLATED) {
      s->vm[i] = sqrt(vr * vr + vi * vi);
      s->va[i] = atan2(vi, vr);
    }
  }
}

/* mismatch = V conj(Y V) - Sbus(|V|), masked to the unknowns' equations; sets pmax/qmax (the engine's
   IterationRecord) and returns the larger of the two */
static double mismatch(const CsrC *y, PFState *s) {
  double pm = 0, qm = 0;
  for (int i = 0; i < s->n; i++) {
    double ar = 0, ai = 0;
    for (int k = y->row_ptr[i]; k < y->row_ptr[i + 1]; k++) {
      int j = y->col[k];
      ar += y->re[k] * s->vr[j] - y->im[k] * s->vi[j];
      ai += y->re[k] * s->vi[j] + y->im[k] * s->vr[j];
    }
    s->ir[i] = ar;
    s->ii[i] = ai;
    /* S = V * conj(I) */
    double p = s->vr[i] * ar + s->vi[i] * ai;
    double q = s->vi[i] * ar - s->vr[i] * ai;
    double vm = s->vm[i];
    double dp = p - spec_p(s, i, vm), dq = q - spec_q(s, i, vm);
    int ty = s->type[i];
    if (ty == BUS_REF || ty == BUS_ISOLATED) { dp = 0; dq = 0; }
    else if (ty == BUS_PV) dq = 0;
    s->mis[2 * i] = dp;
    s->mis[2 * i + 1] = dq;
    if (fabs(dp) > pm) pm = fabs(dp);
    if (fabs(dq) > qm) qm = fabs(dq);
  }
  s->pmax = pm;
  s->qmax = qm;
  return pm > qm ? pm : qm;
}

static void record(const PFState *s, double *hist, int *nrec) {
  hist[2 * *nrec] = s->pmax;
  hist[2 * *nrec + 1] = s->qmax;
  (*nrec)++;
}

static void mask_block(double *blk, int ty, int diag) {
  if (ty == BUS_REF || ty == BUS_ISOLATED) {
    blk[0] = diag; blk[1] = 0; blk[2] = 0; blk[3] = diag;
  } else if (ty == BUS_PV) {
    blk[2] = 0; blk[3] = diag;
  }
}

static void mask_column(double *blk, int tj) {
  if (tj == BUS_REF || tj == BUS_ISOLATED) { blk[0] = blk[1] = blk[2] = blk[3] = 0; }
  else if (tj == BUS_PV) { blk[1] = 0; blk[3] = 0; }
}

static void fill_jacobian(const CsrC *y, PFState *s, BlockLU *lu) {
  blu_zero(lu);
  for (int i = 0; i < s->n; i++) {
    double vr = s->vr[i], vi = s->vi[i];
    double vm = s->vm[i];
    int ti = s->type[i];
    for (int k = y->row_ptr[i]; k < y->row_ptr[i + 1]; k++) {
      int j = y->col[k];
      double *blk = y->dest[k];
      double gr = y->re[k], gi = y->im[k];
      double vmj = s->vm[j];
      double nr = s->vr[j] / vmj, ni = s->vi[j] / vmj; /* V_j / |V_j| */
      /* Y_ij V_j */
      double yvr = gr * s->vr[j] - gi * s->vi[j], yvi = gr * s->vi[j] + gi * s->vr[j];
      /* Y_ij Vn_j */
      double ynr = gr * nr - gi * ni, yni = gr * ni + gi * nr;
      double a_r, a_i, m_r, m_i;
      if (i != j) {
        /* dSa = -j V_i conj(Y_ij V_j) */
        double cr = vr * yvr + vi * yvi, ci = vi * yvr - vr * yvi; /* V_i conj(YV) */
        a_r = ci; a_i = -cr;
        /* dSm = V_i conj(Y_ij Vn_j) */
        m_r = vr * ynr + vi * yni; m_i = vi * ynr - vr * yni;
      } else {
        /* dSa = j V_i conj(I_i - Y_ii V_i) */
        double dr = s->ir[i] - yvr, di = s->ii[i] - yvi;
        double cr = vr * dr + vi * di, ci = vi * dr - vr * di;
        a_r = -ci; a_i = cr;
        /* dSm = V_i conj(Y_ii Vn_i) + conj(I_i) Vn_i  - dSbus/dVm */
        double nr_i = vr / vm, ni_i = vi / vm;
        m_r = vr * ynr + vi * yni + (s->ir[i] * nr_i + s->ii[i] * ni_i);
        m_i = vi * ynr - vr * yni + (s->ir[i] * ni_i - s->ii[i] * nr_i);
        m_r -= s->si[2 * i] + 2 * s->sz[2 * i] * vm;
        m_i -= s->si[2 * i + 1] + 2 * s->sz[2 * i + 1] * vm;
      }
      blk[0] = a_r; blk[1] = m_r; blk[2] = a_i; blk[3] = m_i;
      mask_block(blk, ti, i == j);
      if (i != j) mask_column(blk, s->type[j]);
    }
  }
}

/* XB fast-decoupled matrices (MATPOWER makeB): B' from the series reactances only (no shunts,
   no charging, unit taps, no phase shift), B'' = -Im(Ybus) without the phase shifts.
   Stored together as the block diagonal diag(B', B'') so one factorization serves both. */
static void fill_fdxb(const CsrC *y, PFState *s, BlockLU *lu, int nbr, const int *f, const int *t,
                      const double *yb, const double *tap) {
  blu_zero(lu);
  /* B'' diagonal and off-diagonal from Ybus, then undo each branch's phase rotation */
  for (int i = 0; i < s->n; i++)
    for (int k = y->row_ptr[i]; k < y->row_ptr[i + 1]; k++) y->dest[k][3] = -y->im[k];
  for (int b = 0; b < nbr; b++) {
    const double *v = yb + 8 * b;
    double tr = tap ? tap[2 * b] : 1, ti = tap ? tap[2 * b + 1] : 0;
    double tm = sqrt(tr * tr + ti * ti);
    double c = tm > 0 ? tr / tm : 1, sn = tm > 0 ? ti / tm : 0; /* e^{j theta} */
    if (sn != 0) {
      /* Yft e^{-j theta} replaces Yft; Ytf e^{j theta} replaces Ytf */
      double ft_im_new = v[3] * c - v[2] * sn, tf_im_new = v[5] * c + v[4] * sn;
      blu_entry(lu, f[b], t[b])[3] += v[3] - ft_im_new; /* -Im: remove -Im(old), add -Im(new) */
      blu_entry(lu, t[b], f[b])[3] += v[5] - tf_im_new;
    }
    /* series admittance ys = -Yft conj(tap) */
    double yr = -(v[2] * tr + v[3] * ti), yi = -(v[3] * tr - v[2] * ti);
    double mag2 = yr * yr + yi * yi;
    if (mag2 == 0) continue;
    double zx = -yi / mag2; /* Im(1/ys) */
    if (zx == 0) continue;
    double bb = 1.0 / zx;
    blu_entry(lu, f[b], f[b])[0] += bb;
    blu_entry(lu, t[b], t[b])[0] += bb;
    blu_entry(lu, f[b], t[b])[0] -= bb;
    blu_entry(lu, t[b], f[b])[0] -= bb;
  }
  for (int i = 0; i < s->n; i++) {
    int ti = s->type[i];
    for (int k = y->row_ptr[i]; k < y->row_ptr[i + 1]; k++) {
      int j = y->col[k];
      double *blk = y->dest[k];
      mask_block(blk, ti, i == j);
      if (i != j) mask_column(blk, s->type[j]);
    }
  }
  /* a PQ bus with only zero-reactance neighbours would make B' singular; keep a unit pivot */
  for (int i = 0; i < s->n; i++) {
    double *d = lu->d + 4 * i;
    if (d[0] == 0) d[0] = 1;
    if (d[3] == 0) d[3] = 1;
  }
}

/* One solve from the current voltages with the current bus types (the engine's newton_raphson,
   fast_decoupled "fdxb" and gauss_seidel). Appends one [P, Q] record per iteration (iteration 0
   first) to hist. Returns the iteration count if converged, -1 if not, -2 - k if singular at bus k. */
typedef struct {
  const CsrC *y;
  BlockLU *lu;
  int nbr;
  const int *f, *t;
  const double *yb, *tap;
} Grid;

static int diverged(double norm) { return !isfinite(norm) || norm > 1e10; }

static int solve_nr(const Grid *g, PFState *s, double tol, int maxit, double *hist, int *nrec, double *dx) {
  int nb = s->n;
  double norm = mismatch(g->y, s);
  record(s, hist, nrec);
  for (int it = 0;; ) {
    if (norm < tol) return it;
    if (it >= maxit) return -1;
    fill_jacobian(g->y, s, g->lu);
    int fr = blu_factor(g->lu);
    if (fr != 0) return -2 - (-1 - fr);
    for (int k = 0; k < 2 * nb; k++) dx[k] = -s->mis[k];
    blu_solve(g->lu, dx);
    for (int i = 0; i < nb; i++) {
      int ty = s->type[i];
      if (ty == BUS_PQ || ty == BUS_PV) s->va[i] += dx[2 * i];
      if (ty == BUS_PQ) s->vm[i] += dx[2 * i + 1];
    }
    update_rect(s);
    norm = mismatch(g->y, s);
    it++;
    record(s, hist, nrec);
    if (diverged(norm)) return -1;
  }
}

static int solve_fd(const Grid *g, PFState *s, double tol, int maxit, double *hist, int *nrec, double *dx) {
  int nb = s->n;
  double norm = mismatch(g->y, s);
  record(s, hist, nrec);
  if (norm < tol) return 0;
  fill_fdxb(g->y, s, g->lu, g->nbr, g->f, g->t, g->yb, g->tap);
  int fr = blu_factor(g->lu);
  if (fr != 0) return -2 - (-1 - fr);
  for (int it = 1; it <= maxit; it++) {
    /* P half-iteration, then Q half-iteration, then one record (as the engine's fast_decoupled) */
    for (int i = 0; i < nb; i++) { dx[2 * i] = -s->mis[2 * i] / s->vm[i]; dx[2 * i + 1] = 0; }
    blu_solve(g->lu, dx);
    for (int i = 0; i < nb; i++)
      if (s->type[i] == BUS_PQ || s->type[i] == BUS_PV) s->va[i] += dx[2 * i];
    update_rect(s);
    mismatch(g->y, s);
    for (int i = 0; i < nb; i++) { dx[2 * i] = 0; dx[2 * i + 1] = -s->mis[2 * i + 1] / s->vm[i]; }
    blu_solve(g->lu, dx);
    for (int i = 0; i < nb; i++)
      if (s->type[i] == BUS_PQ) s->vm[i] += dx[2 * i + 1];
    update_rect(s);
    norm = mismatch(g->y, s);
    record(s, hist, nrec);
    if (diverged(norm)) return -1;
    if (norm < tol) return it;
  }
  return -1;
}

/* Gauss-Seidel with acceleration (MATPOWER gausspf; the engine's gauss_seidel sweep): PV buses hold the
   |V| they start the solve with, the specified injection is taken at the |V| of the start of each sweep. */
static int solve_gs(const Grid *g, PFState *s, double tol, int maxit, double accel, double *hist, int *nrec,
                    double *vset) {
  const CsrC *y = g->y;
  int nb = s->n;
  for (int i = 0; i < nb; i++) vset[i] = s->vm[i];
  double norm = mismatch(y, s);
  record(s, hist, nrec);
  if (norm < tol) return 0;
  for (int it = 1; it <= maxit; it++) {
    for (int k = 0; k < nb; k++) {
      int ty = s->type[k];
      if (ty != BUS_PQ && ty != BUS_PV) continue;
      double vmk = s->vm[k];
      double sr = spec_p(s, k, vmk), sim = spec_q(s, k, vmk);
      double ar = 0, ai = 0, dr = 0, di = 0;
      for (int q = y->row_ptr[k]; q < y->row_ptr[k + 1]; q++) {
        int j = y->col[q];
        ar += y->re[q] * s->vr[j] - y->im[q] * s->vi[j];
        ai += y->re[q] * s->vi[j] + y->im[q] * s->vr[j];
        if (j == k) { dr = y->re[q]; di = y->im[q]; }
      }
      double vr = s->vr[k], vi = s->vi[k];
      if (ty == BUS_PV) sim = vi * ar - vr * ai; /* Im(V conj(acc)) */
      /* conj(S / V) = conj(S) / conj(V) */
      double den = vr * vr + vi * vi;
      double qr = (sr * vr + sim * vi) / den, qi = (sr * vi - sim * vr) / den;
      /* (conj(S/V) - acc) / diag */
      double nr_ = qr - ar, ni_ = qi - ai, dd = dr * dr + di * di;
      double ur = vr + (nr_ * dr + ni_ * di) / dd, ui = vi + (ni_ * dr - nr_ * di) / dd;
      if (ty == BUS_PV) {
        double m = sqrt(ur * ur + ui * ui);
        s->vr[k] = vset[k] * ur / m;
        s->vi[k] = vset[k] * ui / m;
      } else {
        s->vr[k] = vr + accel * (ur - vr);
        s->vi[k] = vi + accel * (ui - vi);
      }
    }
    for (int i = 0; i < nb; i++) {
      if (s->type[i] == BUS_ISOLATED) continue;
      s->vm[i] = sqrt(s->vr[i] * s->vr[i] + s->vi[i] * s->vi[i]);
      s->va[i] = atan2(s->vi[i], s->vr[i]);
    }
    norm = mismatch(y, s);
    record(s, hist, nrec);
    if (diverged(norm)) return -1;
    if (norm < tol) return it;
  }
  return -1;
}

/* Generator Q limits, exactly as the engine's driver._apply_q_limits: a PV bus whose voltage-controlling units
   would have to deliver more than the sum of their Q limits (1e-9 pu tolerance) becomes PQ with Q pinned at that
   limit; then every originally-PV bus pinned at a limit goes back to PV when its voltage is on the wrong side of
   its set point (above it at the upper limit, below it at the lower). A bus switched in this call is not tested
   for going back until the next solve; a bus without Q range never goes back, and none goes back more than
   MAX_RETURNS_TO_PV times. The units' Q at a PV bus is what the bus injects beyond its specified (load and
   fixed-unit) Q. Returns 1 if any bus changed type. */
#define Q_LIMIT_TOL 1e-9 /* gridsolve.powerflow.driver.Q_LIMIT_TOL_PU */
#define MAX_RETURNS_TO_PV 2 /* gridsolve.powerflow.driver.MAX_RETURNS_TO_PV */
static int apply_q_limits(const CsrC *y, PFState *s, const int *type0, const double *qmin, const double *qmax,
                          const double *vmset, double *qfixed, signed char *qside, signed char *returns) {
  int changed = 0;
  for (int b = 0; b < s->n; b++) qside[b] = qside[b] == 2 ? 1 : qside[b] == -2 ? -1 : qside[b];
  for (int b = 0; b < s->n; b++) {
    if (s->type[b] != BUS_PV) continue;
    double ar = 0, ai = 0;
    for (int k = y->row_ptr[b]; k < y->row_ptr[b + 1]; k++) {
      int j = y->col[k];
      ar += y->re[k] * s->vr[j] - y->im[k] * s->vi[j];
      ai += y->re[k] * s->vi[j] + y->im[k] * s->vr[j];
    }
    double q_units = (s->vi[b] * ar - s->vr[b] * ai) - spec_q(s, b, s->vm[b]);
    /* qside: +1/-1 at the upper/lower limit; +2/-2 switched in this call (not tested for going back yet) */
    if (q_units > qmax[b] + Q_LIMIT_TOL) { s->type[b] = BUS_PQ; qfixed[b] = qmax[b]; qside[b] = 2; changed = 1; }
    else if (q_units < qmin[b] - Q_LIMIT_TOL) { s->type[b] = BUS_PQ; qfixed[b] = qmin[b]; qside[b] = -2; changed = 1; }
  }
  for (int b = 0; b < s->n; b++) {
    if (!(type0[b] == BUS_PV && s->type[b] == BUS_PQ) || qside[b] == 2 || qside[b] == -2) continue;
    if (!(qmax[b] - qmin[b] > Q_LIMIT_TOL) || returns[b] >= MAX_RETURNS_TO_PV) continue;
    double vm = s->vm[b];
    int at_max = qside[b] > 0;
    if ((at_max && vm > vmset[b] + Q_LIMIT_TOL) || (!at_max && vm < vmset[b] - Q_LIMIT_TOL)) {
      s->type[b] = BUS_PV; qfixed[b] = 0; qside[b] = 0; returns[b]++; changed = 1;
    }
  }
  /* the next solve starts with |V| back at the set point where a bus controls it again (driver.hold_set_points) */
  for (int b = 0; b < s->n; b++) if (s->type[b] == BUS_PV) s->vm[b] = vmset[b];
  return changed;
}

#define Q_LIMIT_ROUNDS 100 /* gridsolve.powerflow.driver.OUTER_ROUNDS: at most 100 solves with Q limits enforced */

/*
 * Solve the power flow of a compiled network (gridsolve.powerflow.external.CompiledPayload's arrays).
 *   nb buses, nbr branches with ends f[], t[] and two-port admittances yb[8*nbr]
 *   (Yff re, im, Yft re, im, Ytf re, im, Ytt re, im); tap[2*nbr] each branch's complex ideal-transformer ratio
 *   (fast-decoupled matrices); ysh[2*nb] bus shunts (G, B) pu; type[nb] 0 de-energized / 1 PQ / 2 PV / 3 ref
 *   (in: the compiled types; out: the final ones, PV buses at a Q limit are PQ); sp, si, sz [2*nb] injections
 *   (P, Q) pu at constant power / current / impedance (gen minus load); vm, va[nb] start values (va in
 *   radians), overwritten with the solution; qmin, qmax, vmset[nb] the Q limits and set points of the PV
 *   buses; qfixed[nb] out: Q pinned at a limit (0 elsewhere).
 *   method 0 = NR, 1 = fast-decoupled XB, 2 = Gauss-Seidel with acceleration factor `accel`;
 *   enforce_q != 0: the engine's outer loop (solve, switch at the limits, solve again from the last
 *   voltages; up to Q_LIMIT_ROUNDS solves, stopping when a solve fails or no bus changes).
 *   hist[2 * Q_LIMIT_ROUNDS * (maxit + 1)] receives [max P, max Q] mismatch per iteration of every solve.
 *   info[4] out: total iterations, history records, solves, singular bus (-1: none).
 * Returns 1 if converged, 0 if not, -2 - k if the Jacobian (or B') is singular at bus k.
 */
EXPORT("pf_run")
int pf_run(int nb, int nbr, const int *f, const int *t, const double *yb, const double *ysh, const double *tap,
           int *type, const double *sp, const double *si, const double *sz, double *vm, double *va,
           const double *qmin, const double *qmax, const double *vmset, double *qfixed, int method, double tol,
           int maxit, double accel, int enforce_q, double *hist, int *info) {
  CsrC y;
  build_ybus(&y, nb, nbr, f, t, yb, ysh);
  BlockLU lu;
  blu_analyze(&lu, nb, y.row_ptr, y.col);
  y.dest = (double **)malloc(sizeof(double *) * (size_t)(y.nnz ? y.nnz : 1));
  for (int i = 0; i < nb; i++)
    for (int k = y.row_ptr[i]; k < y.row_ptr[i + 1]; k++) y.dest[k] = blu_entry(&lu, i, y.col[k]);
  Grid g = {&y, &lu, nbr, f, t, yb, tap};
  size_t n1 = (size_t)(nb ? nb : 1);
  double *work = (double *)malloc(sizeof(double) * (9 * n1 + 2));
  int *type0 = (int *)malloc(sizeof(int) * n1);
  signed char *qside = (signed char *)malloc(2 * n1), *returns = qside + n1;
  for (int i = 0; i < nb; i++) { type0[i] = type[i]; qfixed[i] = 0; qside[i] = 0; returns[i] = 0; }
  PFState s;
  s.n = nb; s.type = type; s.sp = sp; s.si = si; s.sz = sz; s.qf = qfixed; s.vm = vm; s.va = va;
  s.vr = work; s.vi = work + nb; s.ir = work + 2 * nb; s.ii = work + 3 * nb; s.mis = work + 4 * nb;
  double *dx = work + 6 * nb, *vset = work + 8 * nb;
  if (!(accel > 0)) accel = 1.0;
  int nrec = 0, total = 0, rounds = 0, result = 0, singular = -1;
  for (int round = 0; round < (enforce_q ? Q_LIMIT_ROUNDS : 1); round++) {
    int start = nrec;
    update_rect(&s);
    int rc = method == 0 ? solve_nr(&g, &s, tol, maxit, hist, &nrec, dx)
             : method == 2 ? solve_gs(&g, &s, tol, maxit, accel, hist, &nrec, vset)
                           : solve_fd(&g, &s, tol, maxit, hist, &nrec, dx);
    rounds++;
    if (rc <= -2) { singular = -2 - rc; result = rc; break; }
    total += nrec - start - 1;
    result = rc >= 0;
    if (!(enforce_q && result)) break;
    if (!apply_q_limits(&y, &s, type0, qmin, qmax, vmset, qfixed, qside, returns)) break;
  }
  info[0] = total; info[1] = nrec; info[2] = rounds; info[3] = singular;
  free(work);
  free(type0);
  free(qside);
  blu_free(&lu);
  free_ybus(&y);
  return result;
}
