export interface Goal {
  id: number;
  title: string;
  status: 'open' | 'done';
  createdAt: string;
  doneAt: string | null;
}
